/** 校讯通 demo, part "classwork". */
import type { AppContext } from '../context';
import type { OrgDemo } from './org.demo';

export async function loadClassworkDemo(ctx: AppContext, org: OrgDemo): Promise<void> {
  void ctx;
  void org;
}
