/**
 * What every part of school messaging stands on: card numbers and head teachers in the
 * roster, grant labels (relations, subjects), guardians found in bulk, and the subscription
 * question with its bundle (家校互动 includes 亲情电话 and 平安短信).
 */
import { beforeEach, expect, it } from 'vitest';
import type { AppContext } from '../../server/src/context';
import { createTestContext } from '../helpers/context';
import { describeEachDatabase } from '../helpers/db';

describeEachDatabase('school foundation', (t) => {
  let ctx: AppContext;
  let school: string;
  let other: string;
  let klass: string;
  let klass2: string;

  beforeEach(async () => {
    ctx = await createTestContext(t().database);
    school = (await ctx.org.createSchool({ code: 'S001', name: '一小' })).id;
    other = (await ctx.org.createSchool({ code: 'S002', name: '二小' })).id;
    klass = (await ctx.org.createClass({ schoolId: school, grade: 3, name: '三年级(1)班' })).id;
    klass2 = (await ctx.org.createClass({ schoolId: other, grade: 3, name: '三年级(1)班' })).id;
  });

  it('keeps a card number unique within a school, finds a student by it, and refuses a bad one', async () => {
    const a = await ctx.org.createStudent({ classId: klass, studentNo: 'A001', name: '甲', cardNo: 'c1001' });
    expect(a.cardNo).toBe('C1001');
    await expect(ctx.org.createStudent({ classId: klass, studentNo: 'A002', name: '乙', cardNo: 'C1001' })).rejects.toMatchObject({ code: 'CARD_NO_TAKEN' });
    // Another school may print the same number on its cards.
    const other1 = await ctx.org.createStudent({ classId: klass2, studentNo: 'B001', name: '丙', cardNo: 'C1001' });
    expect((await ctx.org.studentByCard(school, ' c1001 '))?.id).toBe(a.id);
    expect((await ctx.org.studentByCard(other, 'C1001'))?.id).toBe(other1.id);
    expect(await ctx.org.studentByCard(school, 'C9999')).toBeNull();
    await expect(ctx.org.createStudent({ classId: klass, studentNo: 'A003', name: '丁', cardNo: '卡-1' })).rejects.toMatchObject({ code: 'ORG_INVALID' });
    expect((await ctx.org.roster({ schoolId: school })).map((s) => s.studentNo)).toEqual(['A001']);
  });

  it('updates a student: a new card, never a card another student holds, never a class of another school', async () => {
    const a = await ctx.org.createStudent({ classId: klass, studentNo: 'A001', name: '甲', cardNo: 'C1' + '001' });
    const b = await ctx.org.createStudent({ classId: klass, studentNo: 'A002', name: '乙' });
    await expect(ctx.org.updateStudent(b.id, { cardNo: 'C1001' })).rejects.toMatchObject({ code: 'CARD_NO_TAKEN' });
    await expect(ctx.org.updateStudent(b.id, { classId: klass2 })).rejects.toMatchObject({ code: 'CLASS_NOT_FOUND' });
    expect((await ctx.org.getStudent(b.id)).classId).toBe(klass);
    expect((await ctx.org.updateStudent(b.id, { cardNo: 'C1002', name: '乙乙' })).cardNo).toBe('C1002');
    // A student who left no longer answers at the gate.
    await ctx.org.updateStudent(a.id, { status: 'left' });
    expect(await ctx.org.studentByCard(school, 'C1001')).toBeNull();
    expect((await ctx.org.roster({ classIds: [klass] })).map((s) => s.name)).toEqual(['乙乙']);
  });

  it('gives a class one head teacher and finds the classes someone heads', async () => {
    const teacher = await ctx.identity.createUser({ login: 'teacher1', name: '王老师', phone: '13900001111', roles: [{ role: 'teacher', tenantType: 'class', tenantId: klass }] });
    expect((await ctx.org.setHeadTeacher(klass, teacher.user.id)).headTeacherId).toBe(teacher.user.id);
    expect((await ctx.org.classes({ headTeacherId: teacher.user.id })).map((c) => c.id)).toEqual([klass]);
    await ctx.org.setHeadTeacher(klass, null);
    expect(await ctx.org.classes({ headTeacherId: teacher.user.id })).toEqual([]);
    await expect(ctx.org.setHeadTeacher('no-such-class', teacher.user.id)).rejects.toMatchObject({ code: 'CLASS_NOT_FOUND' });
  });

  it('lists the guardians of many students at once, with their relation, and not disabled ones', async () => {
    const x = await ctx.org.createStudent({ classId: klass, studentNo: 'A001', name: '甲' });
    const y = await ctx.org.createStudent({ classId: klass, studentNo: 'A002', name: '乙' });
    const mum = await ctx.identity.createUser({
      login: 'mum',
      name: '李芳',
      phone: '13900003333',
      roles: [
        { role: 'guardian', tenantType: 'student', tenantId: x.id },
        { role: 'guardian', tenantType: 'student', tenantId: y.id },
      ],
    });
    const dad = await ctx.identity.createUser({ login: 'dad', name: '王强', phone: '13900004444', roles: [{ role: 'guardian', tenantType: 'student', tenantId: x.id }] });
    expect(await ctx.identity.setGrantLabel(mum.user.id, { role: 'guardian', tenantType: 'student', tenantId: x.id }, ' 妈妈 ')).toBe(true);
    // A grant the person does not hold has no label to set.
    expect(await ctx.identity.setGrantLabel(dad.user.id, { role: 'guardian', tenantType: 'student', tenantId: y.id }, '爸爸')).toBe(false);
    const holders = await ctx.identity.holdersOf({ role: 'guardian', tenantType: 'student', tenantIds: [x.id, y.id] });
    expect(holders.map((h) => `${h.tenantId === x.id ? 'x' : 'y'} ${h.name} ${h.phone} ${h.label ?? '-'}`).sort()).toEqual([
      'x 李芳 13900003333 妈妈',
      'x 王强 13900004444 -',
      'y 李芳 13900003333 -',
    ]);
    await ctx.identity.setStatus(dad.user.id, 'disabled');
    expect((await ctx.identity.holdersOf({ role: 'guardian', tenantType: 'student', tenantIds: [x.id] })).map((h) => h.name)).toEqual(['李芳']);
    expect(await ctx.identity.holdersOf({ role: 'guardian', tenantType: 'student', tenantIds: [] })).toEqual([]);
  });

  it('answers the subscription question, with 家校互动 including 亲情电话 and 平安短信', async () => {
    const s = ctx.subscriptions;
    await s.set({ msisdn: '13900003333', service: 'jx', active: true, channel: 'test' });
    await s.set({ msisdn: '13900004444', service: 'safety', active: true, channel: 'test' });
    expect(await s.isSubscribed('13900003333', 'jx')).toBe(true);
    expect(await s.isSubscribed('13900003333', 'family')).toBe(true);
    expect(await s.isSubscribed('13900003333', 'safety')).toBe(true);
    // 平安短信 alone does not give 家校互动.
    expect(await s.isSubscribed('13900004444', 'jx')).toBe(false);
    expect([...(await s.subscribedAmong(['13900003333', '13900004444', '13900005555', '13900003333'], 'safety'))].sort()).toEqual(['13900003333', '13900004444']);
    // Cancelling ends the bundle too; subscribing again restores it (one row per number and service).
    await s.set({ msisdn: '13900003333', service: 'jx', active: false, channel: 'test' });
    expect(await s.isSubscribed('13900003333', 'family')).toBe(false);
    await s.set({ msisdn: '13900003333', service: 'jx', active: true, channel: 'test' });
    expect(await s.isSubscribed('13900003333', 'family')).toBe(true);
  });
});
