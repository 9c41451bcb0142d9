import type { ServerResponse } from 'node:http'
import type { SimContext } from './context'

/**
 * WeCom's OAuth2 authorize step, played in a browser. Inside WeCom the real
 * step is silent (`snsapi_base`): WeCom knows who is signed in. Here nobody
 * is, so the page lets the tester pick the member to be; picking sends the
 * browser back to `redirect_uri` with a one-time code and the `state`,
 * as WeCom does.
 */
export function answerAuthorize(
  context: SimContext,
  url: URL,
  res: ServerResponse,
): void {
  const query = url.searchParams
  const redirectUri = query.get('redirect_uri') ?? ''
  const problem =
    query.get('appid') !== context.corp.corpId
      ? 'appid 不是本企业的 CorpID'
      : !/^https?:\/\//.test(redirectUri)
        ? 'redirect_uri 缺失或不是 http(s) 地址'
        : query.get('response_type') !== 'code'
          ? 'response_type 必须是 code'
          : null
  if (problem) {
    sendHtml(
      res,
      400,
      page('授权请求无效', `<p class="err">${escape(problem)}</p>`),
    )
    return
  }

  const userid = query.get('userid')
  if (userid !== null) {
    const member = context.state.members.find(
      (m) => m.userid === userid && m.status === 1,
    )
    if (!member) {
      sendHtml(
        res,
        400,
        page('授权失败', '<p class="err">没有这个在职成员</p>'),
      )
      return
    }
    const back = new URL(redirectUri)
    back.searchParams.set('code', context.oauthCodes.issue({ userid }))
    back.searchParams.set('state', query.get('state') ?? '')
    res.writeHead(302, { location: back.toString() })
    res.end()
    return
  }

  const departments = new Map(
    context.state.departments.map((d) => [d.id, d.name]),
  )
  const items = context.state.members
    .filter((m) => m.status === 1)
    .map((m) => {
      const pick = new URL(url)
      pick.searchParams.set('userid', m.userid)
      const where = departments.get(m.mainDepartment) ?? ''
      return (
        `<li><a href="${escape(pick.pathname + pick.search)}">` +
        `<b>${escape(m.name)}</b><span>${escape(m.position)} · ${escape(where)}</span>` +
        `<code>${escape(m.userid)}</code></a></li>`
      )
    })
    .join('')
  sendHtml(
    res,
    200,
    page(
      '模拟企业微信登录',
      `<p>这是演示用的企业微信模拟器。在真实的企业微信里，这一步会自动完成。请选择以哪位成员的身份登录：</p><ul>${items}</ul>`,
    ),
  )
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title><style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;padding:16px;color:#1f2329;background:#f5f6f7}
h1{font-size:18px;margin:0 0 8px}ul{list-style:none;padding:0;margin:12px 0}
li a{display:flex;flex-wrap:wrap;gap:2px 8px;align-items:baseline;min-height:44px;box-sizing:border-box;
padding:10px 12px;margin-bottom:6px;background:#fff;border-radius:8px;color:inherit;text-decoration:none}
li span{color:#555}li code{margin-left:auto;color:#777;font-size:12px}.err{color:#b42318}
</style></head><body><h1>${escape(title)}</h1>${body}</body></html>`
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  })
  res.end(html)
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}
