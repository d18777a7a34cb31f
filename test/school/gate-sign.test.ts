import { describe, expect, it } from 'vitest';
import { signDeviceRequest as serverSign } from '../../server/src/modules/devices';
import { sha256Hex, signDeviceRequest } from '../../console/src/pages/school/device-sim/sign';

describe('设备模拟器的签名', () => {
  it('matches the server for the worked example in docs/devices.md', async () => {
    const r = { key: 'yk-demo-gate-east-0001-public-demo-key', method: 'POST', path: '/api/device/heartbeat', timestamp: 1788220800000, nonce: '6f1c2a9e4b7d4e0f9a3c5b8d2e1f0a4b', body: '{"firmware":"1.2.0"}' };
    expect(await sha256Hex(r.body)).toBe('f0b650ec61c685fc21bf64063f5a54b9def279196339e5544080aecab60f4f82');
    expect(await signDeviceRequest(r)).toBe('8c9d39cf3e5e9bbb407d00a74a7bc7ec6a1d293dd3092b4c447e5f1ac8534a21');
    expect(await signDeviceRequest(r)).toBe(serverSign(r));
  });

  it('matches the server for a Chinese body, an empty body and another key', async () => {
    const swipe = { key: 'yk-demo-phone-family-0001-public-demo-key', method: 'post', path: '/api/device/gate/swipes', timestamp: 1788223320000, nonce: 'abcDEF0123456789', body: '{"seq":"1","card":"C3001","direction":"in","time":1788219720000,"gate":"东门"}' };
    expect(await signDeviceRequest(swipe)).toBe(serverSign(swipe));
    expect(await signDeviceRequest({ ...swipe, body: '' })).toBe(serverSign({ ...swipe, body: '' }));
    expect(await signDeviceRequest({ ...swipe, key: 'other' })).not.toBe(serverSign(swipe));
  });
});
