/** 校讯通 demo, part "notes". */
import type { AppContext } from '../context';
import type { OrgDemo } from './org.demo';

export async function loadNotesDemo(ctx: AppContext, org: OrgDemo): Promise<void> {
  void ctx;
  void org;
}
