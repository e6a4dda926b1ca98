// The fault admin endpoint, behind the same bearer token as the API: GET /kubedeck-sim/faults shows the
// active faults; POST (sim-admin only) applies a JSON fault request (json.ts) and answers with the
// settings now in force and the result of each immediate action (422 when one of them failed).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../server/body.js';
import { sendJson, sendStatus } from '../server/http-util.js';
import type { FaultInjector } from './injector.js';
import { parseFaultJson } from './json.js';

export const FAULTS_PATH = '/kubedeck-sim/faults';

const MAX_FAULT_BODY = 64 * 1024;

export async function serveFaults(
  injector: FaultInjector,
  admin: boolean,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method === 'GET') {
    req.resume();
    return sendJson(res, 200, { settings: injector.current(), injectedErrors: injector.injectedErrors });
  }
  if (req.method !== 'POST') {
    req.resume();
    return sendStatus(res, 405, 'MethodNotAllowed', `${FAULTS_PATH} accepts GET and POST`);
  }
  if (!admin) {
    req.resume();
    return sendStatus(res, 403, 'Forbidden', 'only sim-admin may inject faults');
  }
  let body: unknown;
  try {
    const text = await readBody(req, MAX_FAULT_BODY);
    body = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch (e) {
    return sendStatus(res, 400, 'BadRequest', `fault request: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = parseFaultJson(body);
  if (!parsed.ok) return sendStatus(res, 400, 'BadRequest', `fault request: ${parsed.error}`);
  const results = injector.apply(parsed.value.plan, parsed.value.reset);
  const failed = results.find((r) => !r.ok);
  sendJson(res, failed ? 422 : 200, { settings: injector.current(), results });
}
