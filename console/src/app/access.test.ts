import { describe, expect, it } from 'vitest';
import { access, canSee, roleNames } from './access';

const TITLES: Record<string, string> = { teacher: '教师', guardian: '家长', school_admin: '学校管理员' };
const userWith = (...roles: string[]) => ({
  roles: roles.map((role) => ({ role, title: TITLES[role], tenantType: 'school', tenantId: 't1' })),
});

const SCHOOL_PERMISSIONS: string[] = ['canNotes', 'canInbox', 'canAttendance', 'canDeviceSim', 'canClasswork', 'canStaffSms', 'canRosterImport', 'canSchoolSettings', 'canPortal'];
const BILLING_PERMISSIONS: string[] = [
  'canCatalog',
  'canBillingRuns',
  'canBillingRun',
  'canSubscriptionLookup',
  'canUnsubscribe',
  'canSubscriptions',
  'canSubscriptionRequest',
  'canSubscriptionRequests',
  'canAgentSchools',
  'canCommissions',
];

describe('access', () => {
  it('grants nothing to a visitor who is not logged in', () => {
    expect(access(null)).toEqual({
      canAdmin: false,
      canLedger: false,
      canLedgerWrite: false,
      canSms: false,
      canSmsSim: false,
      canSmsWrite: false,
      canAudit: false,
      canDevices: false,
      canDevicesManage: false,
      canPeople: false,
      canEditPeople: false,
      canOrg: false,
      canNewAgency: false,
      canOutlets: false,
      canNewOutlet: false,
      canSchools: false,
      canEditSchools: false,
      canClasses: false,
      canEditRoster: false,
      canStaff: false,
      canStudents: false,
      canLimits: false,
      canMyClasses: false,
      canChildren: false,
      canMyInfo: false,
      canNotes: false,
      canInbox: false,
      canAttendance: false,
      canDeviceSim: false,
      canClasswork: false,
      canStaffSms: false,
      canRosterImport: false,
      canSchoolSettings: false,
      canPortal: false,
      canCatalog: false,
      canBillingRuns: false,
      canBillingRun: false,
      canSubscriptionLookup: false,
      canUnsubscribe: false,
      canSubscriptions: false,
      canSubscriptionRequest: false,
      canSubscriptionRequests: false,
      canAgentSchools: false,
      canCommissions: false,
    });
    expect(canSee(undefined, undefined)).toBe(false);
  });

  it('lets only the operator into 系统管理', () => {
    expect(access(userWith('operator')).canAdmin).toBe(true);
    for (const role of ['support', 'agent', 'clerk', 'school_admin', 'teacher', 'guardian', 'student']) {
      expect(access(userWith(role)).canAdmin).toBe(false);
    }
  });

  it('lets the operator and 客服 read 账务管理, and only the operator change it', () => {
    expect(access(userWith('operator'))).toMatchObject({ canLedger: true, canLedgerWrite: true });
    expect(access(userWith('support'))).toMatchObject({ canLedger: true, canLedgerWrite: false });
    for (const role of ['agent', 'clerk', 'school_admin', 'teacher', 'guardian', 'student']) {
      expect(access(userWith(role))).toMatchObject({ canLedger: false, canLedgerWrite: false });
    }
  });

  it('lets the operator and 客服 read 短信中心, and only the operator send or use the simulator', () => {
    expect(access(userWith('operator'))).toMatchObject({ canSms: true, canSmsSim: true, canSmsWrite: true });
    expect(canSee(userWith('operator'), 'canSms')).toBe(true);
    expect(access(userWith('support'))).toMatchObject({ canSms: true, canSmsSim: false, canSmsWrite: false });
    expect(canSee(userWith('support'), 'canSms')).toBe(true);
    expect(canSee(userWith('support'), 'canSmsSim')).toBe(false);
    for (const role of ['agent', 'clerk', 'school_admin', 'teacher', 'guardian', 'student']) {
      expect(access(userWith(role))).toMatchObject({ canSms: false, canSmsSim: false, canSmsWrite: false });
      expect(canSee(userWith(role), 'canSms')).toBe(false);
    }
  });

  it('lets the operator and 客服 see 设备管理, and only the operator manage devices', () => {
    expect(canSee(userWith('operator'), 'canDevices')).toBe(true);
    expect(access(userWith('operator')).canDevicesManage).toBe(true);
    expect(access(userWith('support'))).toMatchObject({ canDevices: true, canDevicesManage: false });
    for (const role of ['agent', 'clerk', 'school_admin', 'teacher', 'guardian', 'student']) {
      expect(access(userWith(role))).toMatchObject({ canDevices: false, canDevicesManage: false });
    }
  });

  it('lets only the operator into 审计日志', () => {
    expect(canSee(userWith('operator'), 'canAudit')).toBe(true);
    for (const role of ['support', 'agent', 'clerk', 'school_admin', 'teacher', 'guardian', 'student']) {
      expect(access(userWith(role)).canAudit).toBe(false);
    }
  });

  it('shows each role its part of 校讯通: teachers write and answer, admins also import and set the school up, parents use 家长网校', () => {
    const allowed = (role: string) =>
      Object.entries(access(userWith(role)))
        .filter(([permission, yes]) => yes && SCHOOL_PERMISSIONS.includes(permission))
        .map(([permission]) => permission);
    expect(allowed('operator')).toEqual(['canNotes', 'canAttendance', 'canDeviceSim', 'canRosterImport', 'canSchoolSettings']);
    expect(allowed('support')).toEqual(['canAttendance']);
    expect(allowed('agent')).toEqual(['canRosterImport']);
    expect(allowed('clerk')).toEqual([]);
    expect(allowed('school_admin')).toEqual([
      'canNotes',
      'canInbox',
      'canAttendance',
      'canDeviceSim',
      'canClasswork',
      'canStaffSms',
      'canRosterImport',
      'canSchoolSettings',
    ]);
    expect(allowed('teacher')).toEqual(['canNotes', 'canInbox', 'canAttendance', 'canClasswork', 'canStaffSms']);
    expect(allowed('guardian')).toEqual(['canPortal']);
    expect(allowed('student')).toEqual([]);
  });

  it('shows each role its part of 机构与学校, and keeps changes from 客服 and the student', () => {
    const allowed = (role: string) =>
      Object.entries(access(userWith(role)))
        .filter(
          ([permission, yes]) =>
            yes &&
            ![
              'canAdmin',
              'canLedger',
              'canLedgerWrite',
              'canSms',
              'canSmsSim',
              'canSmsWrite',
              'canAudit',
              'canDevices',
              'canDevicesManage',
              ...SCHOOL_PERMISSIONS,
              ...BILLING_PERMISSIONS,
            ].includes(permission),
        )
        .map(([permission]) => permission);
    expect(allowed('operator')).toEqual([
      'canPeople',
      'canEditPeople',
      'canOrg',
      'canNewAgency',
      'canOutlets',
      'canNewOutlet',
      'canSchools',
      'canEditSchools',
      'canClasses',
      'canEditRoster',
      'canStaff',
      'canStudents',
      'canLimits',
    ]);
    expect(allowed('support')).toEqual(['canPeople', 'canOrg', 'canOutlets', 'canSchools', 'canClasses', 'canStudents']);
    expect(allowed('agent')).toEqual(['canOrg', 'canOutlets', 'canNewOutlet', 'canSchools', 'canEditSchools']);
    expect(allowed('clerk')).toEqual(['canOutlets']);
    expect(allowed('school_admin')).toEqual(['canSchools', 'canClasses', 'canEditRoster', 'canStaff', 'canStudents', 'canLimits']);
    expect(allowed('teacher')).toEqual(['canClasses', 'canStudents', 'canMyClasses']);
    expect(allowed('guardian')).toEqual(['canStudents', 'canLimits', 'canChildren']);
    expect(allowed('student')).toEqual(['canStudents', 'canMyInfo']);
  });

  it('shows each role its part of 订购与计费: operators run billing, agents their schools, 客服 reads and unsubscribes', () => {
    const allowed = (role: string) =>
      Object.entries(access(userWith(role)))
        .filter(([permission, yes]) => yes && BILLING_PERMISSIONS.includes(permission))
        .map(([permission]) => permission);
    expect(allowed('operator')).toEqual([
      'canCatalog',
      'canBillingRuns',
      'canBillingRun',
      'canSubscriptionLookup',
      'canUnsubscribe',
      'canSubscriptions',
      'canSubscriptionRequest',
      'canSubscriptionRequests',
    ]);
    expect(allowed('support')).toEqual(['canBillingRuns', 'canSubscriptionLookup', 'canUnsubscribe', 'canSubscriptions', 'canSubscriptionRequests']);
    expect(allowed('agent')).toEqual([
      'canSubscriptionLookup',
      'canUnsubscribe',
      'canSubscriptions',
      'canSubscriptionRequest',
      'canSubscriptionRequests',
      'canAgentSchools',
      'canCommissions',
    ]);
    for (const role of ['clerk', 'school_admin', 'teacher', 'guardian', 'student']) {
      expect(allowed(role), role).toEqual([]);
    }
  });

  it('shows pages without a permission to anyone logged in, even without roles', () => {
    expect(canSee(userWith(), undefined)).toBe(true);
    expect(canSee(userWith(), 'canAdmin')).toBe(false);
  });

  it('ignores roles the console does not know yet', () => {
    expect(access(userWith('auditor')).canAdmin).toBe(false);
    expect(roleNames(userWith('auditor'))).toEqual(['auditor']);
  });

  it('names roles with the titles the server gives, once each', () => {
    expect(roleNames(userWith('teacher', 'guardian', 'teacher', 'school_admin'))).toEqual(['教师', '家长', '学校管理员']);
  });
});
