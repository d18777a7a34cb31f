/** 校讯通 routes: 家校互动：留言、家长回音、班主任信箱. */
import type { AppContext } from '../../context';
import type { Http } from '../types';

export function notesRoutes(app: Http, ctx: AppContext): void {
  void app;
  void ctx;
}
