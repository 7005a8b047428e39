// Local stand-ins for the providers, for tests (nothing outside this machine is reachable):
// each checks a request the way the provider documents it and answers in its documented
// shape, and keeps what it was sent. A request that is wrong in any way gets the provider's
// error for it, so an adapter that drifts from the documentation fails its test.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tc3Signature } from './tc3.js';

export interface StandIn<T> {
  url: string;
  /** What it took, in order. */
  taken: T[];
  /** Answers the next calls with these errors first (code, for Tencent; errcode, for WeChat). */
  failNext(...codes: (string | number)[]): void;
  close(): Promise<void>;
}

async function listen(handle: (req: IncomingMessage, body: string) => { status: number; json: unknown }): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const { status, json } = handle(req, body);
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const closing = (server: Server) => () => new Promise<void>((resolve) => server.close(() => resolve()));

export interface TencentCall {
  action: string;
  params: Record<string, unknown>;
}

const E164 = /^\+\d{6,15}$/;

/** What each action must carry (the API reference's required parameters and their types). */
function checkParams(action: string, p: Record<string, unknown>): string | null {
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (action === 'SendSms') {
    if (!strings(p.PhoneNumberSet) || !(p.PhoneNumberSet as string[]).every((n) => E164.test(n))) return 'InvalidParameterValue.IncorrectPhoneNumber';
    for (const key of ['SmsSdkAppId', 'SignName', 'TemplateId']) if (typeof p[key] !== 'string' || !p[key]) return `MissingParameter.${key}`;
    if (p.TemplateParamSet !== undefined && !strings(p.TemplateParamSet)) return 'InvalidParameterValue.TemplateParameterFormatError';
    return null;
  }
  if (action === 'SendTtsVoice') {
    if (typeof p.CalledNumber !== 'string' || !E164.test(p.CalledNumber)) return 'InvalidParameterValue.IncorrectPhoneNumber';
    for (const key of ['TemplateId', 'VoiceSdkAppid']) if (typeof p[key] !== 'string' || !p[key]) return `MissingParameter.${key}`;
    if (!strings(p.TemplateParamSet)) return 'InvalidParameterValue.TemplateParameterFormatError';
    if (p.PlayTimes !== undefined && !(Number.isInteger(p.PlayTimes) && (p.PlayTimes as number) >= 1 && (p.PlayTimes as number) <= 3))
      return 'InvalidParameterValue';
    return null;
  }
  return 'InvalidAction';
}

/**
 * A Tencent Cloud API 3.0 endpoint for `service` (sms, vms) and `version`: POST / with
 * application/json; charset=utf-8, the X-TC headers, a timestamp within five minutes, and a
 * TC3-HMAC-SHA256 Authorization it recomputes under `secretKey` over exactly the bytes sent.
 */
export async function tencentCloudStandIn(options: { service: string; version: string; secretId: string; secretKey: string }): Promise<StandIn<TencentCall>> {
  const taken: TencentCall[] = [];
  const failures: string[] = [];
  let serial = 0;
  const error = (code: string, message = code) => ({ status: 200, json: { Response: { Error: { Code: code, Message: message }, RequestId: 'stand-in' } } });
  const { server, url } = await listen((req, body) => {
    if (req.method !== 'POST' || req.url !== '/') return { status: 404, json: {} };
    const contentType = req.headers['content-type'] ?? '';
    if (contentType !== 'application/json; charset=utf-8') return error('InvalidParameter', `content-type ${contentType}`);
    const action = String(req.headers['x-tc-action'] ?? '');
    if (req.headers['x-tc-version'] !== options.version) return error('InvalidParameterValue', 'X-TC-Version');
    if (!req.headers['x-tc-region']) return error('MissingParameter', 'X-TC-Region');
    const timestamp = Number(req.headers['x-tc-timestamp']);
    if (!Number.isInteger(timestamp) || Math.abs(timestamp - Date.now() / 1000) > 300) return error('AuthFailure.SignatureExpire');
    const host = String(req.headers.host ?? '');
    const expected = `TC3-HMAC-SHA256 Credential=${options.secretId}/${new Date(timestamp * 1000).toISOString().slice(0, 10)}/${options.service}/tc3_request, SignedHeaders=content-type;host, Signature=${tc3Signature(options.secretKey, { service: options.service, host, payload: body, timestamp, contentType })}`;
    if (req.headers.authorization !== expected) return error('AuthFailure.SignatureFailure');
    let params: Record<string, unknown>;
    try {
      params = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return error('InvalidParameter', 'body is not JSON');
    }
    const wrong = checkParams(action, params);
    if (wrong) return error(wrong);
    const failure = failures.shift();
    if (failure) return error(failure);
    taken.push({ action, params });
    serial += 1;
    if (action === 'SendSms') {
      const set = (params.PhoneNumberSet as string[]).map((phone) => ({
        SerialNo: `2019:${serial}`,
        PhoneNumber: phone,
        Fee: 1,
        SessionContext: params.SessionContext ?? '',
        Code: 'Ok',
        Message: 'send success',
        IsoCode: 'CN',
      }));
      return { status: 200, json: { Response: { SendStatusSet: set, RequestId: `req-${serial}` } } };
    }
    return {
      status: 200,
      json: { Response: { SendStatus: { CallId: `call-${serial}`, SessionContext: params.SessionContext ?? '' }, RequestId: `req-${serial}` } },
    };
  });
  return { url, taken, failNext: (...codes) => failures.push(...codes.map(String)), close: closing(server) };
}

export interface WechatCall {
  body: Record<string, unknown>;
  token: string;
}

/**
 * WeChat's server API: POST /cgi-bin/stable_token (client_credential with the AppID and
 * AppSecret) gives an access token; POST /cgi-bin/message/subscribe/send?access_token= takes
 * touser, template_id and data whose every field is {value}, and answers errcode 0 and a msgid.
 */
export async function wechatStandIn(options: {
  appId: string;
  appSecret: string;
}): Promise<StandIn<WechatCall> & { tokensIssued: () => number; expireTokens(): void }> {
  const taken: WechatCall[] = [];
  const failures: number[] = [];
  const tokens = new Set<string>();
  let issued = 0;
  const { server, url } = await listen((req, body) => {
    const at = new URL(req.url ?? '/', 'http://stand-in');
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return { status: 200, json: { errcode: 47001, errmsg: 'data format error' } };
    }
    if (req.method === 'POST' && at.pathname === '/cgi-bin/stable_token') {
      if (json.grant_type !== 'client_credential' || json.appid !== options.appId || json.secret !== options.appSecret) {
        return { status: 200, json: { errcode: 40013, errmsg: 'invalid appid' } };
      }
      const token = `token-${++issued}`;
      tokens.add(token);
      return { status: 200, json: { access_token: token, expires_in: 7200 } };
    }
    if (req.method === 'POST' && at.pathname === '/cgi-bin/message/subscribe/send') {
      const token = at.searchParams.get('access_token') ?? '';
      if (!tokens.has(token)) return { status: 200, json: { errcode: 42001, errmsg: 'access_token expired' } };
      const data = json.data as Record<string, { value?: unknown }> | undefined;
      const fieldsOk = data && Object.values(data).every((f) => typeof f?.value === 'string');
      if (typeof json.touser !== 'string' || typeof json.template_id !== 'string' || !fieldsOk)
        return { status: 200, json: { errcode: 47003, errmsg: 'argument invalid' } };
      const failure = failures.shift();
      if (failure !== undefined) return { status: 200, json: { errcode: failure, errmsg: 'stand-in refusal' } };
      taken.push({ body: json, token });
      return { status: 200, json: { errcode: 0, errmsg: 'ok', msgid: 1000 + taken.length } };
    }
    return { status: 404, json: {} };
  });
  return {
    url,
    taken,
    failNext: (...codes) => failures.push(...codes.map(Number)),
    tokensIssued: () => issued,
    expireTokens: () => tokens.clear(),
    close: closing(server),
  };
}
