/* api.js — the one way the pages talk to the server, and the one way they
 * show a problem+json error.
 *
 *   api(path, {method, body, query, ifMatch, idem, minimal})   JSON in, JSON out
 *     (minimal: Prefer: return=minimal, a write answers with the few fields it has)
 *   upload(file, {material, matter, onProgress})       multipart, with progress
 *   problemView(err, {onField})                        an alert box for an error
 *
 * The session is the HttpOnly cookie the server sets at login; writes carry
 * the CSRF token (X-CSRF-Token) that login and GET /api/v1/me hand out.
 * Every request goes to this origin: there is no other host. */
import { t, lang } from './i18n.js';

let csrf = '';
export function setCsrf(v) { csrf = v || ''; }

export class ApiError extends Error {
  constructor(status, problem) {
    const p = problem && typeof problem === 'object' ? problem : {};
    super(p.detail || p.title || 'HTTP ' + status);
    this.status = status;
    this.problem = p;
    this.code = p.code || '';
    this.errors = Array.isArray(p.errors) ? p.errors : [];
  }
}

function headers(extra) {
  const hd = { Accept: 'application/json, application/problem+json', 'Accept-Language': lang() === 'en' ? 'en' : 'zh-CN' };
  if (csrf) hd['X-CSRF-Token'] = csrf;
  return Object.assign(hd, extra || {});
}

function networkError() {
  return new ApiError(0, { title: t('err.network'), detail: t('err.network.detail') });
}

export function qs(query) {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? '?' + s : '';
}

export async function api(path, opts = {}) {
  const method = opts.method || 'GET';
  const extra = {};
  if (opts.body !== undefined) extra['Content-Type'] = 'application/json';
  if (opts.ifMatch !== undefined && opts.ifMatch !== null) extra['If-Match'] = '"' + opts.ifMatch + '"';
  if (opts.idem) extra['Idempotency-Key'] = opts.idem;
  if (opts.minimal) extra.Prefer = 'return=minimal';
  let res;
  try {
    res = await fetch('/api/v1' + path + qs(opts.query), {
      method, headers: headers(extra), credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch (e) {
    throw networkError();
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  let data = null;
  if (type.includes('json')) data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new ApiError(res.status, data || { title: t('err.http', { status: res.status }) });
    if (res.status === 401 && !opts.quiet401) dispatchEvent(new CustomEvent('onestop:unauthorized', { detail: err }));
    throw err;
  }
  return data;
}

/* Uploads one file (POST /api/v1/files), reporting progress 0..1. */
export function upload(file, { material, matter, onProgress } = {}) {
  return new Promise((resolve, reject) => {
    const fd = new FormData();
    if (material && matter) { fd.append('matter', matter); fd.append('material', material); }
    fd.append('file', file, file.name);
    const x = new XMLHttpRequest();
    x.open('POST', '/api/v1/files');
    for (const [k, v] of Object.entries(headers())) x.setRequestHeader(k, v);
    x.upload.onprogress = (e) => { if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total); };
    x.onload = () => {
      let data = null;
      try { data = JSON.parse(x.responseText); } catch (e) { data = null; }
      if (x.status >= 200 && x.status < 300) {
        if (onProgress) onProgress(1);
        resolve(data);
      } else {
        reject(new ApiError(x.status, data || { title: t('err.http', { status: x.status }) }));
      }
    };
    x.onerror = () => reject(networkError());
    x.send(fd);
  });
}

export function fileUrl(id) { return '/api/v1/files/' + encodeURIComponent(id); }

/* A random key for Idempotency-Key: one per attempt to file something, so a
 * retry after a lost answer does not file twice. */
export function newKey() {
  const a = new Uint8Array(16);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

/* The box that shows an error. onField(field) may return an element id to
 * link a field error to; the box is an alert so screen readers hear it. */
export function problemView(err, { onField, title } = {}) {
  const box = document.createElement('div');
  box.className = 'problem';
  box.setAttribute('role', 'alert');
  box.tabIndex = -1;
  const h = document.createElement('h2');
  h.className = 'problem-title';
  const e = err instanceof ApiError ? err : new ApiError(0, { title: t('err.unexpected'), detail: String(err && err.message || err) });
  h.textContent = title || explain(e);
  box.append(h);
  const detail = e.problem.detail && e.problem.detail !== h.textContent ? e.problem.detail : '';
  if (detail && !(e.errors.length > 1)) {
    const p = document.createElement('p');
    p.textContent = detail;
    box.append(p);
  }
  if (e.errors.length) {
    const ul = document.createElement('ul');
    for (const fe of e.errors) {
      const li = document.createElement('li');
      const id = onField ? onField(fe.field) : null;
      if (id) {
        const a = document.createElement('a');
        a.href = '#' + id;
        a.textContent = fe.message;
        a.addEventListener('click', (ev) => { ev.preventDefault(); focusById(id); });
        li.append(a);
      } else {
        li.textContent = fe.field ? fe.field + '：' + fe.message : fe.message;
      }
      ul.append(li);
    }
    box.append(ul);
  }
  if (e.problem.request_id) {
    const small = document.createElement('p');
    small.className = 'muted small';
    small.textContent = t('err.request_id', { id: e.problem.request_id });
    box.append(small);
  }
  return box;
}

/* A plain-language headline for an error. */
export function explain(e) {
  if (e.status === 0) return t('err.network');
  if (e.status === 404 && e.code === 'no-route') return t('err.not_available');
  if (e.code === 'stale-version') return t('err.stale');
  if (e.status === 401) return e.problem.title || t('err.login');
  return e.problem.title || t('err.http', { status: e.status });
}

export function focusById(id) {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.focus();
}

/* A material as the API takes it: {key, file}, or {key, files} for several (正反面). */
export function materialEntry(key, files) {
  const ids = (files || []).map((f) => f.id);
  return ids.length > 1 ? { key, files: ids } : { key, file: ids[0] };
}
