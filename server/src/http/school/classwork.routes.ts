/** 校讯通 routes: 课表、作业、成绩、办公短信. */
import type { AppContext } from '../../context';
import type { Http } from '../types';

export function classworkRoutes(app: Http, ctx: AppContext): void {
  void app;
  void ctx;
}
