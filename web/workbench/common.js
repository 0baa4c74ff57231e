/* common.js — what the workbench's features share: the caller's
 * department and its matters, and labels in both languages for forms
 * described in the server's schema format. */
import { t, session } from '../shared/frame.js';
import { api } from '../shared/api.js';

export const dept = () => session.dept();
export const deptMatters = () => api('/matters', { query: { department: dept(), limit: 100 } }).then((r) => r.items || []);

/* A text in both languages, as a schema label ({zh, en}). */
export const lbl = (k) => ({ zh: t(k, {}, k, 'zh'), en: t(k, {}, k, 'en') });
