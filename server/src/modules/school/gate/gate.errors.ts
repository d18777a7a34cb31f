import { defineErrors } from '../../../platform/errors';

/** Error codes of the gate part: swipes, attendance and leave, 亲情电话. */
export const GateErrors = defineErrors({
  SWIPE_INVALID: ['invalid', '刷卡记录不正确'],
  DEVICE_WRONG_TYPE: ['forbidden', '此设备类型不能调用这个接口'],
  DAY_INVALID: ['invalid', '日期格式为 YYYY-MM-DD'],
  LEAVE_INVALID: ['invalid', '请假信息不正确'],
  LEAVE_TOO_LATE: ['conflict', '今天的到校截止时间已过，缺勤通知已发出，不能再登记今天的请假'],
  LEAVE_NOT_FOUND: ['not_found', '这一天没有请假记录'],
  FAMILY_NUMBER_INVALID: ['invalid', '亲情号码不正确'],
  FAMILY_TOO_MANY: ['invalid', '每个学生最多设置 3 个亲情号码'],
  FAMILY_OTHER_CARRIER: ['invalid', '亲情号码只能是中国移动的手机号'],
  CALL_INVALID: ['invalid', '通话记录不正确'],
  CALL_NOT_FOUND: ['not_found', '没有这次通话的授权记录，请先申请授权'],
  CALL_CONFLICT: ['conflict', '这次通话已以不同的内容记录过'],
});

/** A device of the wrong kind (a school phone posting swipes, a gate asking for a call) is refused. */
export function checkDeviceType(given: { deviceType?: string; tenantType?: string }, expected: 'gate' | 'school_phone'): void {
  if ((given.deviceType !== undefined && given.deviceType !== expected) || (given.tenantType !== undefined && given.tenantType !== 'school')) {
    throw GateErrors.DEVICE_WRONG_TYPE(
      { deviceType: given.deviceType ?? null, expected },
      expected === 'gate' ? '只有学校的闸机（刷卡机）可以上传刷卡记录' : '只有学校的亲情电话机可以申请和上报通话',
    );
  }
}

/** Who is calling, as the device API knows it (type and tenant are checked when given). */
export interface DeviceRef { deviceType?: string; tenantType?: string }
