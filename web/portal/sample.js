/* sample.js — a matter's form filled in as an example (样表, 填写示例), for its
 * guide: each field of the schema gets a made-up value that its rules accept,
 * chosen by the field's data element (`de`: the same datum in every matter,
 * docs/catalog-data.md), then its key, then its type; an enum takes its first
 * option. A field with nothing better says to fill it in as it applies.
 * Texts are {zh, en} so the sample reads in the page's language; codes, numbers
 * and dates are the same in both. */
import { L } from '../shared/frame.js';

const ADDRESS = { zh: '上海市黄浦区南京东路100号', en: '100 East Nanjing Road, Huangpu District, Shanghai' };
const NAME = { zh: '张三', en: 'Zhang San' };
const ID_NUMBER = '11010519491231002X';      // the example of GB 11643 itself
const CREDIT_CODE = '91310101MA1FPX0Q1Y';    // a valid GB 32100 code (the demo enterprise's)

/* By data element. */
const BY_DE = {
  'DE.enterprise.name': { zh: '上海示例餐饮管理有限公司', en: 'Shanghai Example Catering Management Co., Ltd.' },
  'DE.enterprise.credit_code': CREDIT_CODE,
  'DE.enterprise.address': ADDRESS,
  'DE.enterprise.region': '310101',
  'DE.enterprise.registered_capital': 100,
  'DE.enterprise.business_scope': { zh: '餐饮服务；食品销售；餐饮管理', en: 'Catering services; food sales; catering management' },
  'DE.enterprise.legal_rep.name': { zh: '王五', en: 'Wang Wu' },
  'DE.enterprise.legal_rep.id_number': ID_NUMBER,
  'DE.enterprise.employee_count': 12,
  'DE.enterprise.bank.name': { zh: '中国工商银行上海市南京东路支行', en: 'ICBC Shanghai East Nanjing Road Branch' },
  'DE.enterprise.bank.account': '1001234509000012345',
  'DE.enterprise.dissolution_date': '2026-06-30',
  'DE.person.name': NAME,
  'DE.person.id_number': ID_NUMBER,
  'DE.person.phone': '13800138000',
  'DE.person.residence_address': { zh: '上海市徐汇区漕溪北路200弄3号501室', en: 'Room 501, No. 3, Lane 200, North Caoxi Road, Xuhui District, Shanghai' },
  'DE.person.residence_region': '310104',
  'DE.person.delivery_address': ADDRESS,
  'DE.person.bank.account': '6222021001123456789',
  'DE.person.employer.name': { zh: '上海示例科技有限公司', en: 'Shanghai Example Technology Co., Ltd.' },
  'DE.person.employer.credit_code': CREDIT_CODE,
  'DE.person.last_employer.name': { zh: '上海示例科技有限公司', en: 'Shanghai Example Technology Co., Ltd.' },
  'DE.shop.name': { zh: '弄堂小馆', en: 'Lane Bistro' },
  'DE.shop.address': ADDRESS,
  'DE.shop.area': 85.5,
  'DE.project.name': { zh: '示例科创园1号楼新建工程', en: 'Example Innovation Park, Building 1 (new construction)' },
  'DE.project.address': { zh: '上海市浦东新区张江路500号', en: '500 Zhangjiang Road, Pudong New Area, Shanghai' },
  'DE.project.region': '310115',
  'DE.project.building_area': 12000,
  'DE.project.total_investment': 8000,
  'DE.project.construction_permit_no': '310115202601010101',
  'DE.project.contractor.name': { zh: '上海示例建设工程有限公司', en: 'Shanghai Example Construction Engineering Co., Ltd.' },
  'DE.project.contractor.credit_code': CREDIT_CODE,
  'DE.employee.name': { zh: '李四', en: 'Li Si' },
  'DE.employee.id_number': ID_NUMBER,
  'DE.newborn.name': { zh: '张小明', en: 'Zhang Xiaoming' },
  'DE.newborn.birth_date': '2026-10-08',
  'DE.household.destination_address': { zh: '上海市静安区南京西路300弄5号', en: 'No. 5, Lane 300, West Nanjing Road, Jing\'an District, Shanghai' },
  'DE.household.destination_region': '310106',
  'DE.marriage.party_a.name': NAME,
  'DE.marriage.party_a.id_number': '110105198805060019',   // a man's: the 17th digit is odd
  'DE.marriage.party_b.name': { zh: '李梅', en: 'Li Mei' },
  'DE.marriage.party_b.id_number': '110105199003070025',   // a woman's: even
};

/* By key, for fields particular to a matter. */
const BY_KEY = {
  policy_id: '0123456789abcdef0123456789abcdef',   // filled by the platform from the policy applied for
  tax_credit_grade: 'A',                             // 纳税信用等级 A (filled from the tax registry when held)
  food_items: { zh: '热食类食品制售；冷食类食品制售', en: 'Hot food made and sold; cold food made and sold' },
  food_safety_manager: { zh: '王五', en: 'Wang Wu' },
  event_name: { zh: '2026示例音乐节', en: 'Example Music Festival 2026' },
  event_place: ADDRESS,
  engraving_company: { zh: '黄浦刻章社', en: 'Huangpu Seal Engraving Shop' },
  qualification_no: '202631110310101199001011234',
  practice_scope: { zh: '内科专业', en: 'Internal medicine' },
  pharmacist_name: { zh: '赵六', en: 'Zhao Liu' },
  quality_manager: { zh: '赵六', en: 'Zhao Liu' },
  finance_officer: { zh: '钱七', en: 'Qian Qi' },
  security_officer: { zh: '孙八', en: 'Sun Ba' },
  father_name: { zh: '张三', en: 'Zhang San' },
  birth_place: { zh: '上海市第一妇婴保健院', en: 'Shanghai First Maternity and Infant Hospital' },
  warehouse_address: ADDRESS,
  job_title: { zh: '厨师', en: 'Cook' },
  industry: { zh: '餐饮业', en: 'Catering' },
  target_region: { zh: '海南省三亚市', en: 'Sanya, Hainan Province' },
  other_place: { zh: '江苏省苏州市', en: 'Suzhou, Jiangsu Province' },
  escrow_bank: { zh: '中国建设银行上海浦东分行', en: 'China Construction Bank, Shanghai Pudong Branch' },
  photo_receipt_no: '3101012026120300001',
  hr_service_items: { zh: '人力资源供求信息的收集和发布；就业和创业指导', en: 'Collecting and publishing labour supply and demand; job and start-up guidance' },
  limit_reason: { zh: '业务量增长，单笔合同金额超过现有限额', en: 'Business has grown and single contracts exceed the current limit' },
  main_pollutants: { zh: '化学需氧量、氨氮', en: 'Chemical oxygen demand, ammonia nitrogen' },
  change_description: { zh: '住所由黄浦区南京东路100号变更为南京东路200号', en: 'Registered address changed from 100 to 200 East Nanjing Road, Huangpu District' },
  migration_note: { zh: '投靠配偶，迁入配偶户内', en: 'Joining my spouse, moving into their household' },
};

/* By type, when neither says. */
const BY_TYPE = {
  id_number: ID_NUMBER,
  credit_code: CREDIT_CODE,
  phone: '13800138000',
  email: 'example@example.com',
  address: ADDRESS,
  region: '310101',
  date: '2026-12-01',
  bool: false,
  int: 10,
  decimal: 100,
};

const AS_APPLIES = { zh: '（按实际情况填写）', en: '(fill in as it applies to you)' };

/* A number inside the field's bounds. */
function inRange(f, v) {
  if (typeof v !== 'number') return v;
  if (typeof f.max === 'number' && v > f.max) v = f.max;
  if (typeof f.min === 'number' && v < f.min) v = f.min;
  return v;
}

/* The example of one field: a raw value of its type, or {zh, en} for a text. */
export function sampleValue(f) {
  if (f.type === 'enum') return f.options && f.options.length ? f.options[0].value : null;
  const v = (f.de && BY_DE[f.de]) ?? BY_KEY[f.key] ?? BY_TYPE[f.type];
  if (f.type === 'date' && typeof v === 'string' && typeof f.max === 'string' && v > f.max) return f.max;
  if (f.type === 'date' && typeof v === 'string' && typeof f.min === 'string' && v < f.min) return f.min;
  return v === undefined ? AS_APPLIES : inRange(f, v);
}

/* The example as the reader sees it: texts in the page's language. */
export function sampleText(v) {
  return v && typeof v === 'object' ? L(v) : v;
}
