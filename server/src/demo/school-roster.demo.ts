/** 校讯通 demo, part "roster". */
import type { AppContext } from '../context';
import type { OrgDemo } from './org.demo';

export async function loadRosterDemo(ctx: AppContext, org: OrgDemo): Promise<void> {
  void ctx;
  void org;
}
