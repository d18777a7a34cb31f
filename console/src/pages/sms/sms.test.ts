import { describe, expect, it } from 'vitest';
import {
  beijingToIso,
  bulkCsvFilename,
  bulkCsvRows,
  bulkProgress,
  connectionStateLook,
  isSmsStatus,
  lifeSteps,
  moRouteLabel,
  moStatusLook,
  normalizeMsisdn,
  parseRecipients,
  phoneStatusLook,
  serviceLabel,
  signedText,
  SMS_STATUS,
  SMS_STATUSES,
  smsSize,
  smsStatusLook,
  type SmsMessage,
  type SmsPart,
} from './sms';

describe('status labels', () => {
  it('names every message status in Chinese with a tag colour', () => {
    expect(SMS_STATUSES).toEqual(['queued', 'blocked', 'submitted', 'accepted', 'delivered', 'failed', 'expired', 'unknown']);
    expect(SMS_STATUSES.map((status) => SMS_STATUS[status].label)).toEqual([
      '排队中',
      '已拦截',
      '已提交',
      '网关已接收',
      '已送达',
      '失败',
      '已过期',
      '结果未知',
    ]);
    expect(SMS_STATUS.delivered.color).toBe('success');
    expect(SMS_STATUS.failed.color).toBe('error');
  });

  it('shows codes it does not know as they are', () => {
    expect(isSmsStatus('delivered')).toBe(true);
    expect(isSmsStatus('toString')).toBe(false);
    expect(smsStatusLook('accepted').label).toBe('网关已接收');
    expect(smsStatusLook('held')).toEqual({ label: 'held', color: 'default' });
    expect(moStatusLook('handled').label).toBe('已处理');
    expect(moStatusLook('odd').label).toBe('odd');
    expect(moRouteLabel('optout')).toBe('退订');
    expect(moRouteLabel('jx')).toBe('jx');
    expect(moRouteLabel(null)).toBeNull();
    expect(connectionStateLook('ready')).toEqual({ label: '就绪', badge: 'success' });
    expect(connectionStateLook('已连接（进程内）').badge).toBe('success');
  });

  it('says 处理中 on the phone until the outcome is known', () => {
    expect(['queued', 'submitted', 'accepted'].map((status) => phoneStatusLook(status).label)).toEqual(['处理中…', '处理中…', '处理中…']);
    expect(phoneStatusLook('delivered').label).toBe('送达');
    expect(phoneStatusLook('failed').label).toBe('失败');
  });
});

describe('smsSize', () => {
  const chinese = (n: number) => '好'.repeat(n);

  it('counts the 【signature】 as part of the first 70 characters', () => {
    // 【一卡通】 is 5 characters: 65 more fit in one part.
    expect(smsSize(chinese(65), '一卡通')).toMatchObject({ units: 70, parts: 1, perPart: 70, remaining: 0, encoding: 'ucs2' });
    expect(smsSize(chinese(66), '一卡通')).toMatchObject({ units: 71, parts: 2, perPart: 67, remaining: 63 });
  });

  it('takes 67 per part beyond one', () => {
    expect(smsSize(chinese(134)).parts).toBe(2);
    expect(smsSize(chinese(135)).parts).toBe(3);
    expect(smsSize(chinese(129), '【一卡通】').parts).toBe(2);
    expect(smsSize(chinese(130), '【一卡通】').parts).toBe(3);
  });

  it('gives plain ASCII 160 in one part and 153 beyond, but the signature makes it Chinese', () => {
    expect(smsSize('a'.repeat(160))).toMatchObject({ parts: 1, encoding: 'ascii' });
    expect(smsSize('a'.repeat(161))).toMatchObject({ parts: 2, perPart: 153 });
    expect(smsSize('a'.repeat(307)).parts).toBe(3);
    expect(smsSize('TD', '一卡通')).toMatchObject({ encoding: 'ucs2', units: 7, parts: 1 });
  });

  it('never splits an emoji, and counts it as two', () => {
    expect(smsSize('😀'.repeat(35))).toMatchObject({ units: 70, parts: 1 });
    // 67 units per part would cut the 34th emoji in half: the part ends one unit early.
    expect(smsSize('😀'.repeat(67)).parts).toBe(3);
    expect(smsSize('好' + '😀'.repeat(67)).parts).toBe(3);
  });

  it('adds the signature only when the text has none, after trimming', () => {
    expect(signedText('  到校了 ', '一卡通')).toBe('【一卡通】到校了');
    expect(signedText('到校了【某某学校】', '一卡通')).toBe('到校了【某某学校】');
    expect(signedText('【某某学校】到校了', '【一卡通】')).toBe('【某某学校】到校了');
    expect(smsSize('   ', '一卡通')).toMatchObject({ parts: 0, units: 0 });
  });
});

describe('numbers', () => {
  it('normalises numbers the way the server does', () => {
    expect(normalizeMsisdn('+86 138-0013-8000')).toBe('13800138000');
    expect(normalizeMsisdn('008613800138000')).toBe('13800138000');
    expect(normalizeMsisdn('12800138000')).toBeNull();
    expect(normalizeMsisdn('1380013800')).toBeNull();
  });

  it('reads pasted recipients: one a line, or separated, deduplicated, naming what is wrong', () => {
    const parsed = parseRecipients('13900139000\n13900139001, 13900139002；13900139000\r\n\n138 0013 8000\n12345\t13700137000 13600136000\n');
    expect(parsed.numbers).toEqual(['13900139000', '13900139001', '13900139002', '13800138000', '13700137000', '13600136000']);
    expect(parsed.invalid).toEqual(['12345']);
    expect(parsed.duplicates).toBe(1);
    expect(parseRecipients('  \n ')).toEqual({ numbers: [], invalid: [], duplicates: 0 });
  });
});

describe('bulks', () => {
  it('splits a bulk into delivered, failed, blocked and pending shares', () => {
    expect(bulkProgress({ recipients: 8, delivered: 4, failed: 2, blocked: 0, pending: 2 })).toEqual({
      delivered: 50,
      failed: 25,
      blocked: 0,
      pending: 25,
      done: 75,
      finished: false,
    });
    expect(bulkProgress({ recipients: 3, delivered: 1, failed: 0, blocked: 2, pending: 0 })).toMatchObject({ delivered: 33.3, blocked: 66.7, finished: true });
    expect(bulkProgress({ recipients: 0, delivered: 0, failed: 0, blocked: 0, pending: 0 })).toMatchObject({ done: 0, finished: true });
  });

  it('exports each number with its status in Chinese and times in Beijing time', () => {
    const message: SmsMessage = {
      id: 'm1',
      service: 'jx',
      key: 'k',
      class: 'notice',
      to: '13900139004',
      carrier: 'cmcc',
      srcId: '106570990101',
      text: '【一卡通】家长会',
      encoding: 'ucs2',
      parts: 1,
      bulkId: 'b1',
      replyToMoId: null,
      status: 'failed',
      reason: 'UNDELIV',
      notBefore: '2025-03-01T01:00:00.000Z',
      gateway: 'sim',
      createdAt: '2025-03-01T01:00:00.000Z',
      updatedAt: '2025-03-01T01:00:02.000Z',
      doneAt: '2025-03-01T01:00:02.000Z',
    };
    expect(bulkCsvRows([message])).toEqual([
      ['号码', '运营商', '状态', '原因', '条数', '受理时间', '完成时间', '短信编号'],
      ['13900139004', '中国移动', '失败', 'UNDELIV', 1, '2025-03-01 09:00:00', '2025-03-01 09:00:02', 'm1'],
    ]);
    expect(bulkCsvFilename({ id: 'b1', createdAt: '2025-02-28T17:00:00.000Z' })).toBe('群发_b1_2025-03-01.csv');
  });
});

describe('time and services', () => {
  it('reads the time picker as Beijing time', () => {
    expect(beijingToIso('2025-03-01 00:00:00')).toBe('2025-02-28T16:00:00.000Z');
  });

  it('names services, and * as 全部短信', () => {
    const services = [{ code: 'jx', title: '家校互动' }];
    expect(serviceLabel('*', services)).toBe('全部短信');
    expect(serviceLabel('jx', services)).toBe('家校互动');
    expect(serviceLabel('other', services)).toBe('other');
  });
});

describe('lifeSteps', () => {
  const base: SmsMessage = {
    id: 'm1',
    service: 'safety',
    key: 'k',
    class: 'notice',
    to: '13800138000',
    carrier: 'cmcc',
    srcId: '10657099',
    text: '【一卡通】到校了',
    encoding: 'ucs2',
    parts: 1,
    bulkId: null,
    replyToMoId: null,
    status: 'queued',
    reason: null,
    notBefore: '2025-03-01T01:00:00.000Z',
    gateway: null,
    createdAt: '2025-03-01T01:00:00.000Z',
    updatedAt: '2025-03-01T01:00:00.000Z',
    doneAt: null,
  };
  const part = (patch: Partial<SmsPart>): SmsPart => ({
    seq: 1,
    status: 'queued',
    gateway: null,
    gatewayMsgId: null,
    attempts: 0,
    error: null,
    reportStat: null,
    queuedAt: '2025-03-01T01:00:00.000Z',
    submittedAt: null,
    acceptedAt: null,
    doneAt: null,
    ...patch,
  });
  const states = (steps: ReturnType<typeof lifeSteps>) => steps.map((step) => `${step.title}:${step.status}`);

  it('follows a delivered message through every step, with the times of its parts', () => {
    const steps = lifeSteps({ ...base, status: 'delivered', doneAt: '2025-03-01T01:00:03.000Z' }, [
      part({ seq: 1, submittedAt: '2025-03-01T01:00:01.000Z', acceptedAt: '2025-03-01T01:00:01.500Z' }),
      part({ seq: 2, submittedAt: '2025-03-01T01:00:01.100Z', acceptedAt: '2025-03-01T01:00:01.700Z' }),
    ]);
    expect(states(steps)).toEqual(['受理:finish', '提交网关:finish', '网关接收:finish', '已送达:finish']);
    expect(steps.map((step) => step.at)).toEqual([
      '2025-03-01T01:00:00.000Z',
      '2025-03-01T01:00:01.000Z',
      '2025-03-01T01:00:01.700Z',
      '2025-03-01T01:00:03.000Z',
    ]);
  });

  it('shows where a message waits or stops', () => {
    expect(states(lifeSteps({ ...base, reason: '此类短信只在 08:00–22:00 发送，已顺延' }, [part({})]))).toEqual([
      '受理:finish',
      '提交网关:process',
      '网关接收:wait',
      '送达:wait',
    ]);
    expect(lifeSteps({ ...base, reason: '已顺延' }, [part({})])[1]?.note).toBe('已顺延');
    expect(states(lifeSteps({ ...base, status: 'accepted' }, [part({ submittedAt: 'x', acceptedAt: 'y' })]))).toEqual([
      '受理:finish',
      '提交网关:finish',
      '网关接收:finish',
      '送达:process',
    ]);
    expect(states(lifeSteps({ ...base, status: 'blocked', reason: '该号码已退订全部短信' }, []))).toEqual(['受理:finish', '已拦截:error']);
  });

  it('tells a refusal at submit from a failed delivery', () => {
    const refused = lifeSteps({ ...base, status: 'failed', reason: '模拟：号码不存在', doneAt: 'z' }, [part({ submittedAt: 'x' })]);
    expect(states(refused)).toEqual(['受理:finish', '提交网关:finish', '网关拒绝:error', '送达:wait']);
    expect(refused[2]?.note).toBe('模拟：号码不存在');
    const fromPart = lifeSteps({ ...base, status: 'failed' }, [part({ submittedAt: 'x', error: 'SIM_NO_SUCH_NUMBER 模拟：号码不存在' })]);
    expect(fromPart[2]?.note).toBe('SIM_NO_SUCH_NUMBER 模拟：号码不存在');
    const undelivered = lifeSteps({ ...base, status: 'failed', doneAt: 'z' }, [part({ submittedAt: 'x', acceptedAt: 'y' })]);
    expect(states(undelivered)).toEqual(['受理:finish', '提交网关:finish', '网关接收:finish', '失败:error']);
    expect(states(lifeSteps({ ...base, status: 'expired' }, [part({ submittedAt: 'x', acceptedAt: 'y' })])).at(-1)).toBe('已过期:error');
  });
});
