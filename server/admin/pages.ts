// The admin sign-in pages: plain HTML forms, no script, nothing loaded from elsewhere.
import { escapeHtml } from '../disclosure/render.js';

export const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}
label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.4rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.2rem;padding:.5rem 1.2rem;font-size:1rem}.problem{color:#a00}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

/** The sign-in form, with what went wrong last time if anything, and the username kept. */
export function signInPage(problem?: string, username = ''): string {
  return page(
    '暖心 · 管理员登录',
    `${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}
<p>任务队列面板仅限县级管理员。</p>
<form method="post" action="/admin/sign-in">
<label for="username">用户名</label><input id="username" name="username" autocomplete="username" required value="${escapeHtml(username)}">
<label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">登录</button>
</form>`,
  );
}

/** Signed in, but not as a county admin. */
export function notAllowedPage(): string {
  return page(
    '暖心 · 无权访问',
    `<p class="problem">任务队列面板仅限县级管理员，当前账号无权查看。</p>
<form method="post" action="/admin/sign-out"><button type="submit">退出登录</button></form>`,
  );
}
