/** The rows of the subscriptions module's tables (migrations 0010 and 0015), for its queries. */
import type { Kysely } from 'kysely';
import type { Db, Tx } from '../../platform/db/database';

export interface ServiceRow {
  code: string;
  name: string;
  kind: 'paid' | 'bundled' | 'free';
  cycle: 'month' | 'none';
  includes: string;
  billing_code: string;
  description: string;
  on_sale: number;
  updated_by: string | null;
  updated_at: number;
}

export interface PriceRow {
  service: string;
  from_month: string;
  amount: number;
  created_by: string | null;
  created_at: number;
}

export interface SubscriptionRow {
  id: string;
  msisdn: string;
  service: string;
  status: 'active' | 'cancelled';
  channel: string;
  school_id: string | null;
  agency_id: string | null;
  since: number | null;
  created_at: number;
  updated_at: number;
}

export interface EventRow {
  id: string;
  subscription_id: string;
  msisdn: string;
  service: string;
  kind: 'subscribe' | 'cancel';
  at: number;
  channel: string;
  actor_id: string | null;
  note: string | null;
  consent_id: string | null;
}

export interface ConsentRow {
  id: string;
  subscription_id: string;
  msisdn: string;
  service: string;
  channel: string;
  raw: string;
  received_at: number;
  mo_id: string | null;
  request_id: string | null;
  retain_until: number | null;
  created_at: number;
}

export interface RequestRow {
  id: string;
  msisdn: string;
  service: string;
  school_id: string;
  agency_id: string;
  requested_by: string;
  requested_at: number;
  expires_at: number;
  status: 'pending' | 'confirmed' | 'declined' | 'expired' | 'withdrawn';
  resolved_at: number | null;
  reply_text: string | null;
  reply_mo_id: string | null;
}

export interface AgentShareRow {
  agency_id: string;
  share_bp: number;
  updated_by: string | null;
  updated_at: number;
}

export interface BillingRunRow {
  id: string;
  month: string;
  dry_run: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  charged: number;
  charged_amount: number;
  free: number;
  failed: number;
  rules: string;
  started_by: string | null;
  started_at: number;
  updated_at: number;
  finished_at: number | null;
  error: string | null;
}

export interface ChargeRow {
  subscription_id: string;
  month: string;
  msisdn: string;
  service: string;
  amount: number;
  rule: string;
  school_id: string | null;
  agency_id: string | null;
  transfer_id: number;
  run_id: string | null;
  charged_at: number;
}

export interface StatementRow {
  agency_id: string;
  month: string;
  charges: number;
  fees: number;
  share_bp: number;
  commission: number;
  transfer_id: number | null;
  created_at: number;
}

export interface SubscriptionTables {
  subscription_services: ServiceRow;
  subscription_prices: PriceRow;
  subscriptions: SubscriptionRow;
  subscription_events: EventRow;
  subscription_consents: ConsentRow;
  subscription_requests: RequestRow;
  billing_agent_shares: AgentShareRow;
  billing_runs: BillingRunRow;
  billing_charges: ChargeRow;
  billing_statements: StatementRow;
}

export type SubDb = Kysely<SubscriptionTables>;
export const t = (db: Db | Tx) => db as unknown as SubDb;
