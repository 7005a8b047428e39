// One call of a Tencent Cloud API 3.0 action (SMS's SendSms, voice messaging's SendTtsVoice):
// a signed JSON POST to the product's endpoint, its answer's `Response` returned, its `Error`
// thrown. Which errors are worth another try and which are the message's own (a number the
// provider refuses, a template it has not approved) is decided here, once for both products.
import { PermanentRefusal } from '../senders.js';
import { tc3Authorization, type Tc3Credentials } from './tc3.js';

export interface TencentCloudProduct {
  /** The product's endpoint, https://sms.tencentcloudapi.com (a stand-in's address in tests). */
  url: string;
  /** The service name the signature's scope holds: sms, vms. */
  service: string;
  /** The API version the action belongs to (X-TC-Version). */
  version: string;
  region: string;
}

const CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Error codes that say the message itself will never be taken (wrong number, a template or
 * signature not approved, a word the provider blocks, the person's daily limit reached): no
 * point in trying again. Anything else (signature expired, rate limited, the provider's own
 * fault, the network) is tried again with backoff.
 */
export function isPermanentTencentError(code: string): boolean {
  return /^(InvalidParameter|InvalidParameterValue|MissingParameter|UnknownParameter|UnsupportedOperation|FailedOperation|LimitExceeded\.Phone)/.test(code);
}

/** Calls `action` with `params`; returns the answer's Response (without RequestId checks: the caller reads what it needs). */
export async function callTencentCloud(
  product: TencentCloudProduct,
  credentials: Tc3Credentials,
  action: string,
  params: Record<string, unknown>,
  timeoutMs: number,
): Promise<Record<string, unknown>> {
  const payload = JSON.stringify(params);
  // the provider's clock, not the rules': a signature more than five minutes off is refused,
  // and a simulation's clock can be months away
  const timestamp = Math.floor(Date.now() / 1000);
  const host = new URL(product.url).host;
  const response = await fetch(product.url, {
    method: 'POST',
    headers: {
      Authorization: tc3Authorization(credentials, { service: product.service, host, payload, timestamp, contentType: CONTENT_TYPE }),
      'Content-Type': CONTENT_TYPE,
      Host: host,
      'X-TC-Action': action,
      'X-TC-Version': product.version,
      'X-TC-Timestamp': String(timestamp),
      'X-TC-Region': product.region,
    },
    body: payload,
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`${product.service} ${action}: HTTP ${response.status}`);
  const body = (await response.json()) as { Response?: Record<string, unknown> & { Error?: { Code?: string; Message?: string } } };
  const answer = body.Response;
  if (!answer) throw new Error(`${product.service} ${action}: an answer without Response`);
  if (answer.Error) {
    const code = answer.Error.Code ?? 'Unknown';
    const text = `${product.service} ${action}: ${code} ${answer.Error.Message ?? ''}`.trim();
    if (isPermanentTencentError(code)) throw new PermanentRefusal(text, answer);
    throw new Error(text);
  }
  return answer;
}
