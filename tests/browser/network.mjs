// Nothing any scenario did made a request to another host (runs last).
import { env, test, assert } from './lib/harness.mjs';

test('no request leaves 127.0.0.1', async () => {
  assert(env.external.length === 0, 'requests to other hosts: ' + [...new Set(env.external)].slice(0, 10).join(', '));
}, { last: true });
