/** 校讯通 demo, part "gate". */
import type { AppContext } from '../context';
import type { OrgDemo } from './org.demo';

export async function loadGateDemo(ctx: AppContext, org: OrgDemo): Promise<void> {
  void ctx;
  void org;
}
