/** The device signature against fixed vectors (worked out with openssl, repeated here with node:crypto). */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deviceCanonicalString, deviceRequestHeaders, sha256Hex, signDeviceRequest } from './sign';

/** The demo gate reader's key (demo/devices.demo.ts), as in the example of docs/devices.md. */
const KEY = 'yk-demo-gate-east-0001-public-demo-key';
const BODY = '{"firmware":"1.2.0"}';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('signDeviceRequest', () => {
  it('matches the worked example of docs/devices.md', () => {
    const r = { key: KEY, method: 'POST', path: '/api/device/heartbeat', timestamp: 1788220800000, nonce: '6f1c2a9e4b7d4e0f9a3c5b8d2e1f0a4b', body: BODY };
    expect(sha256Hex(BODY)).toBe('f0b650ec61c685fc21bf64063f5a54b9def279196339e5544080aecab60f4f82');
    expect(signDeviceRequest(r)).toBe('8c9d39cf3e5e9bbb407d00a74a7bc7ec6a1d293dd3092b4c447e5f1ac8534a21');

    // The same, computed here from the definition alone.
    const bodyHash = createHash('sha256').update(Buffer.from(BODY, 'utf8')).digest('hex');
    const canonical = `POST\n/api/device/heartbeat\n1788220800000\n6f1c2a9e4b7d4e0f9a3c5b8d2e1f0a4b\n${bodyHash}`;
    expect(deviceCanonicalString({ ...r, bodySha256: bodyHash })).toBe(canonical);
    expect(signDeviceRequest(r)).toBe(createHmac('sha256', KEY).update(canonical).digest('hex'));
  });

  it('signs an empty body as the hash of nothing, and the path with its query exactly as sent', () => {
    const r = { key: KEY, method: 'get', path: '/api/device/heartbeat?a=1&b=%E4%B8%AD', timestamp: '1788220800000', nonce: 'abcdefabcdef0123' };
    expect(sha256Hex(undefined)).toBe(EMPTY_SHA256);
    expect(sha256Hex('')).toBe(EMPTY_SHA256);
    expect(signDeviceRequest(r)).toBe('f20f67863b800060ac647f0b6c1df95901084f877c0bb4e0bcba3dde3c54c565');
    expect(signDeviceRequest({ ...r, body: Buffer.alloc(0) })).toBe(signDeviceRequest(r));
    const canonical = ['GET', r.path, r.timestamp, r.nonce, EMPTY_SHA256].join('\n');
    expect(signDeviceRequest(r)).toBe(createHmac('sha256', KEY).update(canonical).digest('hex'));
  });

  it('hashes the body bytes, so the same text in another encoding or order signs differently', () => {
    const base = { key: KEY, method: 'POST', path: '/api/device/heartbeat', timestamp: 1, nonce: 'n'.repeat(16) };
    expect(signDeviceRequest({ ...base, body: '{"a":1,"b":2}' })).not.toBe(signDeviceRequest({ ...base, body: '{"b":2,"a":1}' }));
    expect(signDeviceRequest({ ...base, body: '中' })).toBe(signDeviceRequest({ ...base, body: Buffer.from([0xe4, 0xb8, 0xad]) }));
    expect(signDeviceRequest({ ...base, path: '/api/device/heartbeat?x=1' })).not.toBe(signDeviceRequest(base));
    expect(deviceRequestHeaders({ ...base, deviceId: 'd1' })).toEqual({ 'X-Device-Id': 'd1', 'X-Timestamp': '1', 'X-Nonce': base.nonce, 'X-Signature': signDeviceRequest(base) });
  });
});
