/** 校讯通 routes: 平安短信、考勤、亲情电话（含设备接口）. */
import type { AppContext } from '../../context';
import type { Http } from '../types';

export function gateRoutes(app: Http, ctx: AppContext): void {
  void app;
  void ctx;
}
