/**
 * The audit trail of the HTTP API: every state-changing request is recorded.
 * (Filled in by the audit work.)
 */
import type { AppContext } from '../../context';
import type { Http } from '../types';

export function registerAudit(_app: Http, _ctx: AppContext): void {}
