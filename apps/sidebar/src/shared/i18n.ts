/**
 * Every piece of interface text of the sidebar, in one place, so that another
 * language can be added by writing a second object of the same shape.
 */
const zhCN = {
  app: {
    brand: '爱宠管家',
    title: '客户侧边栏',
    documentTitle: '爱宠管家 · 客户侧边栏',
  },
  wecom: {
    heading: '企业微信环境',
    inside: '已在企业微信中打开',
    insideHint:
      '客户档案功能正在接入中，接入后这里会显示当前客户的宠物与就诊信息。',
    outside: '未在企业微信中打开',
    outsideLead:
      '客户档案只在企业微信里显示。当前是在普通浏览器中预览，所以看不到客户信息。',
    stepsTitle: '如何查看客户档案',
    steps: [
      '在企业微信中打开与客户的单聊，或打开一个客户群。',
      '在聊天工具栏中点击「爱宠管家」。',
      '这里就会显示这位客户或这个群的档案。',
    ],
  },
  server: {
    heading: '服务器状态',
    loading: '正在检查服务器…',
    status: '服务状态',
    statusOk: '运行正常',
    statusOther: (status: string) => `异常（${status}）`,
    mode: '运行模式',
    modeDemo: '演示模式',
    modeProduction: '正式环境',
    demoHint: '使用内置的演示企业，没有连接真实的企业微信账号。',
    checkedAt: '检查时间',
    recheck: '重新检查',
    rechecking: '检查中…',
  },
  error: {
    title: '无法获取服务器状态',
    network: '连不上服务器，请检查网络后重试。',
    timeout: '服务器响应超时，请稍后重试。',
    invalidResponse: '服务器返回的数据格式不正确。',
    server: (status: number) => `服务器返回错误（HTTP ${status}）。`,
    code: '错误码',
    requestId: '请求编号',
    retry: '重试',
  },
}

export type Messages = typeof zhCN

export const messages: Messages = zhCN
