/* main.js — 工作台, the workbench for staff: its navigation and routes.
 * Each feature is a module of its own with its texts beside it: the task
 * queue (the first view), cases and their actions, window intake,
 * appointment check-in, 12345 requests and their figures (三率, hotspots), 双随机 inspections (plans, the
 * draw, findings, objections), 惠企政策 (the department's policies and their matches), the supervisors'
 * overview of overdue and warning cases, the statistics dashboard (supervisors, department heads), the
 * appointment slots (heads of department, the system administrator), the department's certificates
 * and their revocation (heads of department), the security administrator's staff and
 * roles, and the audit log;
 * all but the queue load when their page opens. Each role lands on a page with its own work (landing()). */
import { start, session, lazy, loginPage } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { pageTasks } from './tasks.js';
import TEXTS from './main.texts.js';

addTexts(TEXTS);

const cases = () => import('./cases.js');
const windowIntake = () => import('./window.js');
const appointments = () => import('./appointments.js');
const complaints = () => import('./complaints.js');
const complaintStats = () => import('./complaint-stats.js');
const inspections = () => import('./inspections.js');
const policies = () => import('./policies.js');
const oversight = () => import('./oversight.js');
const staff = () => import('./staff.js');
const audit = () => import('./audit.js');
const matters = () => import('./matters.js');
const calendar = () => import('./calendar.js');
const slots = () => import('./slots.js');
const dashboard = () => import('./dashboard.js');
const certificates = () => import('./certificates.js');
const supervision = () => import('./supervision.js');
const rectifications = () => import('./rectifications.js');

/* Who may read the 12345 figures: the roles the API's /stats/complaints rows allow (ROLES_CASEWORK, every
 * staff role but the security and audit administrators'). */
const CASEWORK = ['window_clerk', 'reviewer', 'approver', 'dept_head', 'dispatcher', 'operator', 'supervisor',
  'admin'];
const casework = () => session.has(...CASEWORK);
/* The roles of each screen: the API's rows (/oversight/cases, /staff, /audit) allow the same. */
const overseer = () => session.has('supervisor', 'admin');
const secadmin = () => session.has('security_admin');
const sysadmin = () => session.has('admin');
const auditor = () => session.has('audit_admin', 'supervisor');
const planner = () => session.has('supervisor');
/* A department's head manages its appointment slots, the system administrator any department's. */
const slotkeeper = () => session.has('dept_head', 'admin');
/* The statistics dashboard: the roles of /stats/overview and /stats/trend (a department head sees their own). */
const statsReader = () => session.has('supervisor', 'dept_head');
/* The department's certificates and their revocation: its head's (the API's /certificates rows). */
const certkeeper = () => session.has('dept_head');
/* 督办 and 整改: the roles of /supervision/orders and /rectifications (a department head: their own). */
const overseerOrHead = () => session.has('supervisor', 'dept_head');

/* Where '/' lands: supervisors and the system administrator on the overview of late cases, the
 * security administrator on staff accounts, the audit administrator on the log, everyone else on
 * the task queue. */
const landing = () => (overseer() ? 'oversight' : secadmin() ? 'staff' : session.has('audit_admin') ? 'audit' : 'tasks');
const LANDING = {
  oversight: lazy(oversight, 'pageOversight'), staff: lazy(staff, 'pageStaff'), audit: lazy(audit, 'pageAudit'),
  tasks: pageTasks,
};
const at = (name, re) => ({ test: (path) => re.test(path) || (path === '/' && landing() === name) });

start({
  app: 'workbench',
  allowed: (auth) => ({ casework, overseer, secadmin, sysadmin, auditor, planner, slotkeeper, statsReader, certkeeper, overseerOrHead }[auth] || (() => session.isStaff()))(),
  nav: () => session.isStaff() ? [
    // a case opened from the queue belongs to 待办任务, as its breadcrumb says
    { href: '#/oversight', label: 'wo.title', match: at('oversight', /^\/oversight/), show: overseer },
    { href: '#/stats', label: 'sd.title', match: /^\/stats/, show: statsReader },
    { href: '#/supervision', label: 'wsv.title', match: /^\/supervision/, show: overseerOrHead },
    { href: '#/rectifications', label: 'wrc.title', match: /^\/rectifications/, show: overseerOrHead },
    { href: '#/tasks', label: 'tasks.title', match: at('tasks', /^\/tasks|^\/cases\/./), show: casework },
    { href: '#/cases', label: 'wb.cases', match: /^\/cases$/, show: casework },
    { href: '#/window', label: 'win.title', match: /^\/window/, show: () => session.has('window_clerk', 'dept_head') },
    { href: '#/appointments', label: 'wb.appt', match: /^\/appointments/, show: () => session.has('window_clerk', 'dept_head', 'admin') },
    { href: '#/complaints', label: 'wc.title', match: /^\/complaints(?!\/(rates|hotspots)$)/,
      show: () => session.has('dispatcher', 'operator', 'supervisor', 'reviewer', 'approver', 'dept_head') },
    { href: '#/complaints/rates', label: 'wc.rates', match: /^\/complaints\/rates$/, show: casework },
    { href: '#/complaints/hotspots', label: 'wc.hotspots', match: /^\/complaints\/hotspots$/,
      show: casework },
    { href: '#/inspections', label: 'wi.title', match: /^\/inspections/, show: casework },
    { href: '#/policies', label: 'wp.title', match: /^\/policies/, show: casework },
    { href: '#/matters', label: 'wm.title', match: /^\/matters/, show: sysadmin },
    { href: '#/slots', label: 'wsl.title', match: /^\/slots/, show: slotkeeper },
    { href: '#/certificates', label: 'wct.title', match: /^\/certificates/, show: certkeeper },
    { href: '#/calendar', label: 'wk.title', match: /^\/calendar/, show: sysadmin },
    { href: '#/staff', label: 'ws.title', match: at('staff', /^\/staff/), show: secadmin },
    { href: '#/audit', label: 'wa.title', match: at('audit', /^\/audit/), show: auditor },
  ] : [{ href: '#/login', label: 'login', match: /^\/login/ }],
  routes: [
    { path: '/', render: (...a) => LANDING[landing()](...a), auth: 'staff', title: 'tasks.title' },
    { path: '/login', render: (p, _x, q) => loginPage(p, q, { staff: true }) },
    { path: '/tasks', render: pageTasks, auth: 'staff', title: 'tasks.title' },
    { path: '/cases', render: lazy(cases, 'pageCases'), auth: 'staff', title: 'wb.cases' },
    { path: '/cases/:id', render: lazy(cases, 'pageCase'), auth: 'staff', title: 'case.case' },
    { path: '/window', render: lazy(windowIntake, 'pageWindow'), auth: 'staff', title: 'win.title' },
    { path: '/appointments', render: lazy(appointments, 'pageAppointments'), auth: 'staff', title: 'wb.appt' },
    { path: '/complaints', render: lazy(complaints, 'pageComplaints'), auth: 'staff', title: 'wc.title' },
    { path: '/complaints/new', render: lazy(complaints, 'pageComplaintNew'), auth: 'staff', title: 'wc.new' },
    { path: '/complaints/rates', render: lazy(complaintStats, 'pageComplaintRates'), auth: 'casework',
      title: 'wc.rates' },
    { path: '/complaints/hotspots', render: lazy(complaintStats, 'pageComplaintHotspots'), auth: 'casework',
      title: 'wc.hotspots' },
    { path: '/complaints/:id', render: lazy(complaints, 'pageComplaint'), auth: 'staff', title: 'wc.title' },
    { path: '/inspections', render: lazy(inspections, 'pageInspections'), auth: 'casework', title: 'wi.title' },
    { path: '/policies', render: lazy(policies, 'pagePolicies'), auth: 'casework', title: 'wp.title' },
    { path: '/policies/new', render: lazy(policies, 'pageNewPolicy'), auth: 'casework', title: 'wpe.title' },
    { path: '/oversight', render: lazy(oversight, 'pageOversight'), auth: 'overseer', title: 'wo.title' },
    { path: '/stats', render: lazy(dashboard, 'pageDashboard'), auth: 'statsReader', title: 'sd.title' },
    { path: '/supervision', render: lazy(supervision, 'pageSupervision'), auth: 'overseerOrHead', title: 'wsv.title' },
    { path: '/supervision/:id', render: lazy(supervision, 'pageSupervisionOrder'), auth: 'overseerOrHead', title: 'wsv.title' },
    { path: '/rectifications', render: lazy(rectifications, 'pageRectifications'), auth: 'overseerOrHead', title: 'wrc.title' },
    { path: '/matters', render: lazy(matters, 'pageMatters'), auth: 'sysadmin', title: 'wm.title' },
    { path: '/matters/:code', render: lazy(matters, 'pageMatter'), auth: 'sysadmin', title: 'wm.title' },
    { path: '/calendar', render: lazy(calendar, 'pageCalendar'), auth: 'sysadmin', title: 'wk.title' },
    { path: '/slots', render: lazy(slots, 'pageSlots'), auth: 'slotkeeper', title: 'wsl.title' },
    { path: '/certificates', render: lazy(certificates, 'pageCertificates'), auth: 'certkeeper', title: 'wct.title' },
    { path: '/staff', render: lazy(staff, 'pageStaff'), auth: 'secadmin', title: 'ws.title' },
    { path: '/staff/:id', render: lazy(staff, 'pageStaffMember'), auth: 'secadmin', title: 'ws.title' },
    { path: '/audit', render: lazy(audit, 'pageAudit'), auth: 'auditor', title: 'wa.title' },
    { path: '/inspections/new', render: lazy(inspections, 'pagePlanNew'), auth: 'planner', title: 'wi.title' },
    { path: '/inspections/:id', render: lazy(inspections, 'pageInspectionPlan'), auth: 'casework', title: 'wi.title' },
  ],
});
