/**
 * 设备签名（与 docs/devices.md 完全一致），在浏览器里用 WebCrypto 计算，设备模拟器借此走真正的设备接口：
 *   canonical = METHOD \n PATH \n TIMESTAMP \n NONCE \n hex(SHA-256(body))
 *   signature = hex(HMAC-SHA256(密钥的 UTF-8 字节, canonical))
 */
const encoder = new TextEncoder();

const hex = (buffer: ArrayBuffer): string => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** 小写十六进制的 SHA-256（按 UTF-8 字节）。 */
export const sha256Hex = async (text: string): Promise<string> => hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));

export type SignInput = { key: string; method: string; path: string; timestamp: number; nonce: string; body: string };

export const canonicalString = async (r: Omit<SignInput, 'key'>): Promise<string> =>
  [r.method.toUpperCase(), r.path, String(r.timestamp), r.nonce, await sha256Hex(r.body)].join('\n');

/** X-Signature：hex(HMAC-SHA256(key, canonical))。 */
export const signDeviceRequest = async (r: SignInput): Promise<string> => {
  const key = await crypto.subtle.importKey('raw', encoder.encode(r.key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', key, encoder.encode(await canonicalString(r))));
};

/** 一次性随机串（32 位十六进制）。 */
export const newNonce = (): string => hex(crypto.getRandomValues(new Uint8Array(16)).buffer);

export type DeviceAnswer = { status: number; body: unknown };

/** 以设备身份签名并 POST 一个 JSON 请求；不带登录 Cookie（设备接口不认 Cookie）。 */
export const devicePost = async (o: { deviceId: string; key: string; path: string; payload: unknown }): Promise<DeviceAnswer> => {
  const body = JSON.stringify(o.payload);
  const timestamp = Date.now();
  const nonce = newNonce();
  const signature = await signDeviceRequest({ key: o.key, method: 'POST', path: o.path, timestamp, nonce, body });
  const res = await fetch(o.path, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/json', 'X-Device-Id': o.deviceId, 'X-Timestamp': String(timestamp), 'X-Nonce': nonce, 'X-Signature': signature },
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // 非 JSON 的回答原样显示。
  }
  return { status: res.status, body: parsed };
};
