/** 校讯通 routes: 学校设置、日历、名册导入. */
import type { AppContext } from '../../context';
import type { Http } from '../types';

export function rosterRoutes(app: Http, ctx: AppContext): void {
  void app;
  void ctx;
}
