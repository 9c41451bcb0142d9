/**
 * Every piece of interface text of the console, in one place, so that another
 * language can be added by writing a second object of the same shape.
 */
const zhCN = {
  app: {
    brand: '爱宠管家',
    title: '运营后台',
    documentTitle: '运营后台 · 爱宠管家',
    mode: '运行模式',
    modes: { demo: '演示模式', production: '正式环境' },
    corpId: '企业 ID',
    database: '数据库',
    databases: { sqlite: 'SQLite', mysql: 'MySQL' } as Record<string, string>,
  },
  demo: {
    label: '演示模式',
    text: (corpId: string) =>
      `服务器正在使用内置的演示企业（${corpId}），没有连接真实的企业微信账号。回调事件来自本地模拟器。`,
  },
  events: {
    heading: '回调事件',
    refresh: '刷新',
    refreshing: '刷新中…',
    updatedAt: (time: string) => `更新于 ${time}`,
    loading: '正在加载回调事件…',
    total: '事件总数',
    last24h: '最近 24 小时',
    lastReceivedAt: '最近接收',
    timeZoneNote: '北京时间',
    never: '暂无',
    byType: '按事件类型',
    byStatus: '按处理状态',
    colEvent: '事件',
    colChangeType: '变更类型',
    colStatus: '状态',
    colCount: '数量',
    noChangeType: '—',
    staleNotice: '刷新失败，下面显示的是上一次成功加载的数据。',
    emptyTitle: '还没有收到回调事件',
    emptyText:
      '企业微信推送的客户变更、客户群变更等事件会显示在这里。可以先用模拟器发送一条试试：',
    emptyCommand:
      'npm run wecom:send -- add-contact --user ZhangWei --external wmDemoCustomer001',
    emptyAfter: '发送后点击「刷新」。',
  },
  /** Names for the WeCom callback events; unknown ones show their raw code. */
  eventNames: {
    change_external_contact: '客户变更',
    change_external_chat: '客户群变更',
    change_external_tag: '客户标签变更',
    change_contact: '通讯录变更',
  } as Record<string, string>,
  /** Keyed `event/changeType`. */
  changeTypeNames: {
    'change_external_contact/add_external_contact': '添加客户',
    'change_external_contact/edit_external_contact': '编辑客户',
    'change_external_contact/add_half_external_contact': '客户免验证添加',
    'change_external_contact/del_external_contact': '删除客户',
    'change_external_contact/del_follow_user': '客户删除了成员',
    'change_external_contact/transfer_fail': '客户接替失败',
    'change_external_contact/msg_audit_approved': '客户同意会话存档',
    'change_external_chat/create': '创建客户群',
    'change_external_chat/update': '客户群信息变更',
    'change_external_chat/dismiss': '解散客户群',
    'change_external_tag/create': '新建标签',
    'change_external_tag/update': '修改标签',
    'change_external_tag/delete': '删除标签',
    'change_external_tag/shuffle': '标签重新排序',
    'change_contact/create_user': '新增成员',
    'change_contact/update_user': '更新成员',
    'change_contact/delete_user': '删除成员',
    'change_contact/create_party': '新增部门',
    'change_contact/update_party': '更新部门',
    'change_contact/delete_party': '删除部门',
  } as Record<string, string>,
  statusNames: {
    pending: '待处理',
    processing: '处理中',
    done: '已处理',
    failed: '处理失败',
    parked: '已搁置',
  } as Record<string, string>,
  error: {
    title: '无法加载回调事件',
    network: '连不上服务器，请检查服务器是否在运行后重试。',
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
