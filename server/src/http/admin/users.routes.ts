/** Operators manage users: set a user's mobile number (more user routes live beside this one). */
import Type from 'typebox';
import type { AppContext } from '../../context';
import { errors } from '../schemas';
import type { Http } from '../types';

const UserPhone = Type.Object(
  { id: Type.String(), login: Type.String(), name: Type.String(), phone: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'UserPhone', title: 'UserPhone' },
);

export function userPhoneRoutes(app: Http, ctx: AppContext): void {
  app.put(
    '/api/users/:id/phone',
    {
      config: { action: 'users.manage' },
      schema: {
        tags: ['用户管理'],
        summary: '设置用户的手机号（一个号码只能属于一个用户）',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        body: Type.Object({ phone: Type.String({ minLength: 1, maxLength: 20, description: '11 位中国大陆手机号，可带 +86 和空格' }) }, { additionalProperties: false }),
        response: { 200: UserPhone, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const r = await ctx.identity.setUserPhone({ userId: request.params.id, phone: request.body.phone });
      request.log.info({ userId: r.id }, '已设置用户手机号');
      return r;
    },
  );
}
