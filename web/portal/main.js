/* main.js — 办事大厅, the portal for people and enterprises: its
 * navigation and routes. Each feature is a module of its own (catalog,
 * account, apply, cases, appointments, messages, progress, public, complaints, inspections, policies,
 * certificates, bundles)
 * with its texts beside it; all but the catalog (the first view) load when one of their pages opens. */
import { start, session, lazy, loginPage } from '../shared/frame.js';
import { addTexts } from '../shared/i18n.js';
import { pageHome, pageSearch, pageMatter } from './catalog.js';
import TEXTS from './main.texts.js';

addTexts(TEXTS);

const account = () => import('./account.js');
const apply = () => import('./apply.js');
const cases = () => import('./cases.js');
const appointments = () => import('./appointments.js');
const messages = () => import('./messages.js');
const progress = () => import('./progress.js');
const publicInfo = () => import('./public.js');
const complaints = () => import('./complaints.js');
const inspections = () => import('./inspections.js');
const policies = () => import('./policies.js');
const certificates = () => import('./certificates.js');
const bundles = () => import('./bundles.js');

start({
  app: 'portal',
  allowed: (need) => (need === 'applicant' ? session.isApplicant() : !!session.account),
  nav: () => [
    { href: '#/', label: 'nav.home', match: /^\/$|^\/search|^\/matters|^\/apply|^\/bundles/ },
    { href: '#/cases', label: 'nav.cases', match: /^\/cases|^\/bundle-cases/ },
    { href: '#/appointments', label: 'nav.appointments', match: /^\/appointments/ },
    { href: '#/complaints', label: 'nav.complaints', match: /^\/complaints/ },
    { href: '#/inspections/mine', label: 'pi.mine', match: /^\/inspections\/mine/, show: () => session.has('enterprise') },
    { href: '#/policies/mine', label: 'pp.mine', match: /^\/policies\/mine/, show: () => session.has('enterprise') },
    { href: '#/certificates', label: 'nav.certificates', match: /^\/certificates|^\/data-use/, show: () => session.isApplicant() },
    { href: '#/progress', label: 'nav.progress', match: /^\/progress/ },
    { href: '#/messages', label: 'nav.messages', match: /^\/messages/, badge: () => (session.account && session.account.unread_messages) || 0 },
  ],
  footer: () => [{ href: '#/public', label: 'pub.title' }, { href: '#/inspections', label: 'pi.title' },
    { href: '#/policies', label: 'pp.title' },
    { href: '#/verify', label: 'nav.verify' },
    { href: '#/progress', label: 'nav.progress' }],
  routes: [
    { path: '/', render: pageHome },
    { path: '/search', render: pageSearch, title: 'search.title' },
    { path: '/matters/:code', render: pageMatter, title: 'guide.title' },
    { path: '/apply/:code', render: lazy(apply, 'pageApply'), auth: 'user', title: 'apply.title_short' },
    { path: '/bundles', render: lazy(bundles, 'pageBundles'), title: 'bdl.title' },
    { path: '/bundles/:code', render: lazy(bundles, 'pageBundle'), title: 'bdl.guide' },
    { path: '/bundles/:code/apply', render: lazy(bundles, 'pageBundleApply'), auth: 'user', title: 'bdl.apply' },
    { path: '/bundle-cases/:id', render: lazy(bundles, 'pageBundleCase'), auth: 'user', title: 'bdl.case' },
    { path: '/login', render: (p, _x, q) => loginPage(p, q) },
    { path: '/register', render: lazy(account, 'pageRegister') },
    { path: '/forgot', render: lazy(account, 'pageForgot'), title: 'forgot.title' },
    { path: '/cases', render: lazy(cases, 'pageCases'), auth: 'user', title: 'nav.cases' },
    { path: '/cases/:id', render: lazy(cases, 'pageCase'), auth: 'user', title: 'case.case' },
    { path: '/appointments', render: lazy(appointments, 'pageAppointments'), auth: 'user', title: 'appt.title' },
    { path: '/messages', render: lazy(messages, 'pageMessages'), auth: 'user', title: 'nav.messages' },
    { path: '/account', render: lazy(account, 'pageAccount'), auth: 'user', title: 'acct.title' },
    { path: '/progress', render: lazy(progress, 'pageProgress'), title: 'progress.title' },
    { path: '/public', render: lazy(publicInfo, 'pagePublic'), title: 'pub.title' },
    { path: '/complaints', render: lazy(complaints, 'pageComplaints'), title: 'nav.complaints' },
    { path: '/complaints/new', render: lazy(complaints, 'pageComplaintNew'), title: 'nav.complaints' },
    { path: '/complaints/:id', render: lazy(complaints, 'pageComplaint'), auth: 'user', title: 'nav.complaints' },
    { path: '/inspections', render: lazy(inspections, 'pagePublicInspections'), title: 'pi.title' },
    { path: '/policies', render: lazy(policies, 'pagePolicies'), title: 'pp.title' },
    { path: '/policies/mine', render: lazy(policies, 'pageMyPolicies'), auth: 'applicant', title: 'pp.mine' },
    { path: '/inspections/mine', render: lazy(inspections, 'pageMyInspections'), auth: 'applicant', title: 'pi.mine' },
    { path: '/certificates', render: lazy(certificates, 'pageCertificates'), auth: 'applicant', title: 'nav.certificates' },
    { path: '/data-use', render: lazy(certificates, 'pageDataUse'), auth: 'applicant', title: 'nav.data_use' },
    { path: '/verify', render: lazy(certificates, 'pageVerify'), title: 'nav.verify' },
    { path: '/verify/:id', render: lazy(certificates, 'pageVerify'), title: 'nav.verify' },
    { path: '/shared/:token', render: lazy(certificates, 'pageShared'), title: 'shared.title' },
  ],
});
