// A WeChat subscription message (订阅消息) to a mini-program user, as WeChat documents it:
// an access token from /cgi-bin/stable_token (client_credential, kept until shortly before it
// expires, asked for again when WeChat says it is no longer good), then
// /cgi-bin/message/subscribe/send with the user's openid, the template chosen in the
// mini-program's console (WECHAT_TEMPLATES: its ID and which of our parameters fills each of
// its fields, thing1, time2…) and the page the message opens. The person must have agreed
// to the template in the mini-program; WeChat refuses otherwise (43101), and that is final.
import type { MessageEvent } from '../templates.js';
import { PermanentRefusal, type Handed, type Outgoing, type Sender } from '../senders.js';

export interface WechatTemplate {
  id: string;
  /** Each field of the template, filled from the named parameter of our template. */
  fields: Record<string, string>;
}

export interface WechatSettings {
  /** https://api.weixin.qq.com (a stand-in's address in tests). */
  apiUrl: string;
  appId: string;
  appSecret: string;
  templates: Partial<Record<MessageEvent, WechatTemplate>>;
  /** formal, trial or developer: which version of the mini-program the message opens. */
  miniprogramState: 'formal' | 'trial' | 'developer';
  timeoutMs: number;
}

/** errcodes that say the token is no longer good: ask for a new one and try once more. */
const TOKEN_GONE = new Set([40001, 40014, 42001]);
/** errcodes that are the message's own: no subscription, a wrong openid, a value the template does not take. */
const FINAL = new Set([40003, 40037, 43101, 47003]);

/** A `thing` field holds at most 20 characters, a `name` 10, a `phrase` 5 (WeChat's rules for the field types). */
function fit(field: string, value: string): string {
  const limit = field.startsWith('thing') ? 20 : field.startsWith('name') ? 10 : field.startsWith('phrase') ? 5 : 32;
  const chars = [...value];
  return chars.length <= limit ? value : `${chars.slice(0, limit - 1).join('')}…`;
}

export function wechatSubscribeSender(settings: WechatSettings): Sender {
  let token: { value: string; until: number } | null = null;

  async function post(path: string, body: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${settings.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    // the path may hold the access token: it stays out of every error
    if (!response.ok) throw new Error(`wechat ${path.split('?')[0]}: HTTP ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  }

  async function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    const answer = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: settings.appId, secret: settings.appSecret });
    if (typeof answer.access_token !== 'string') throw new Error(`wechat stable_token: ${answer.errcode ?? ''} ${answer.errmsg ?? 'no access_token'}`.trim());
    // a few minutes' margin: a token that expires on its way is refused
    token = { value: answer.access_token, until: Date.now() + (Number(answer.expires_in ?? 7200) - 300) * 1000 };
    return token.value;
  }

  return {
    async send(message: Outgoing): Promise<Handed> {
      const template = settings.templates[message.event as MessageEvent];
      if (!template) throw new PermanentRefusal(`wechat: no subscription template for ${message.event} (WECHAT_TEMPLATES)`, { event: message.event });
      const data = Object.fromEntries(
        Object.entries(template.fields).map(([field, param]) => [field, { value: fit(field, String(message.params[param] ?? '')) }]),
      );
      const body = {
        touser: message.address,
        template_id: template.id,
        page: 'pages/index/index',
        data,
        miniprogram_state: settings.miniprogramState,
        lang: 'zh_CN',
      };
      for (let attempt = 1; ; attempt++) {
        const answer = await post(`/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(await accessToken())}`, body);
        const code = Number(answer.errcode ?? 0);
        if (code === 0) return { provider: 'wechat', providerMessageId: String(answer.msgid ?? ''), answer };
        if (TOKEN_GONE.has(code) && attempt === 1) {
          token = null;
          continue;
        }
        const text = `wechat subscribe/send: ${code} ${answer.errmsg ?? ''}`.trim();
        if (FINAL.has(code)) throw new PermanentRefusal(text, answer);
        throw new Error(text);
      }
    },
  };
}
