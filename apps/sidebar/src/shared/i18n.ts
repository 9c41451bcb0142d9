/**
 * Every piece of interface text of the sidebar, in one place, so that another
 * language can be added by writing a second object of the same shape.
 */
const zhCN = {
  app: {
    brand: '爱宠管家',
    title: '客户侧边栏',
    documentTitle: '爱宠管家 · 客户侧边栏',
    signedInAs: (name: string) => `当前成员：${name}`,
    offline: '网络已断开，显示的是断网前加载的内容；恢复后会自动重新连接。',
    back: '返回',
  },
  start: {
    loading: '正在打开客户档案…',
    signingIn: '正在通过企业微信登录…',
    signInFailed: '登录没有成功',
    signInFailedText:
      '已经尝试通过企业微信登录，但服务器仍未识别你的身份。可以重试，或关闭侧边栏后重新打开。',
    signInAgain: '重新登录',
    failed: '无法打开客户档案',
    wecomFailed: '企业微信接口调用失败',
    wecomFailedText: (detail: string) =>
      `无法获取当前聊天（${detail}）。请确认应用已配置到聊天工具栏，然后重新打开侧边栏。`,
    unsupportedTitle: '请从客户聊天中打开',
    unsupportedText: (entry: string) =>
      `当前入口（${entry}）没有客户或客户群。请在与客户的单聊或客户群中，点击聊天工具栏里的「爱宠管家」。`,
    outsideTitle: '请在企业微信中打开',
    outsideLead:
      '客户档案只在企业微信里显示。当前是在普通浏览器中打开的，所以看不到客户信息。',
    steps: [
      '在企业微信中打开与客户的单聊，或打开一个客户群。',
      '在聊天工具栏中点击「爱宠管家」。',
      '这里就会显示这位客户或这个群的档案。',
    ],
  },
  demo: {
    badge: '演示',
    bar: '演示模式：模拟企业微信聊天',
    current: (name: string) => `正在模拟：${name}`,
    switch: '切换聊天',
    pickTitle: '选择一个演示聊天',
    pickLead:
      '这是演示环境，没有真实的企业微信。选择一位客户（单聊）或一个客户群，侧边栏会像在企业微信中一样显示。',
    contacts: '客户单聊',
    groups: '客户群',
    search: '搜索演示聊天',
    searchPlaceholder: '客户名、客户编号、宠物名或手机尾号',
    unbound: '未绑定档案',
    owner: (name: string) => `群主 ${name}`,
    none: '无',
    more: '只列出了前 40 个，用搜索可以找到其他聊天。',
    empty:
      '演示数据还没有准备好：服务器启动约一分钟后会同步演示企业，请稍后刷新。',
    noChats: (member: string) =>
      `${member}没有可以打开的聊天：没有跟进的客户，所在医院或大区也没有客户。请换一位成员登录。`,
    noMatch: (q: string) => `没有与「${q}」匹配的客户或客户群。`,
    sent: '已发送到聊天（演示）',
    loadFailed: '无法加载演示聊天列表',
  },
  contact: {
    wechat: '微信用户',
    wecom: '企业微信用户',
    followers: '跟进成员',
    noFollowers: '暂无跟进成员',
    since: (date: string) => `${date} 添加`,
  },
  customer: {
    heading: '客户档案',
    customerId: '客户编号',
    phone: '手机号',
    hospital: '建档医院',
    note: '备注',
    bound: '已绑定',
    boundVia: {
      phone: '按手机号绑定',
      customer_id: '按客户编号绑定',
      created: '新建档案并绑定',
      group_name: '按群名匹配',
    } as Record<string, string>,
    boundWhen: (date: string, by: string | null) =>
      by ? `${date} 由 ${by} 绑定` : `${date} 绑定`,
    fromGroupName: '由群名中的客户编号找到',
    unbind: '解除绑定',
    unbindConfirm:
      '解除后，这位微信客户将不再显示该医院档案（档案本身不会删除）。确定解除绑定吗？',
    unbindYes: '确定解除',
    cancel: '取消',
    unbound: '已解除绑定',
    unbindFailed: '解除绑定失败',
  },
  bind: {
    heading: '未绑定医院档案',
    lead: '这位微信客户还没有关联医院系统里的客户档案。按手机号或客户编号查找后绑定，或新建档案。',
    searchLabel: '手机号或客户编号',
    searchPlaceholder: '如 13812345678 或 C10023',
    search: '查找',
    searching: '查找中…',
    noMatch: '没有找到匹配的档案，可以新建一个。',
    pets: (names: string) => `宠物：${names}`,
    noPets: '暂无宠物',
    boundElsewhere: '已绑定其他微信客户',
    bindThis: '绑定此档案',
    binding: '绑定中…',
    bound: '已绑定医院档案',
    bindFailed: '绑定失败',
    searchFailed: '查找失败',
    createTitle: '新建客户档案',
    createOpen: '找不到？新建档案',
    name: '客户姓名',
    phone: '手机号（可选）',
    hospital: '建档医院',
    hospitalMine: (name: string) => `${name}（我的医院）`,
    hospitalNone: '由服务器决定',
    create: '新建并绑定',
    nameRequired: '请填写客户姓名',
    phoneInvalid: '手机号应为 11 位数字',
    queryTooShort: '请至少输入 3 个字符',
    conflict: '该档案已被绑定，或客户编号已存在',
    notYours:
      '按客户编号只能绑定本院的档案；其他医院的档案，请用客户告诉你的完整手机号查找后绑定。',
  },
  group: {
    heading: '客户群',
    members: (members: number, customers: number) =>
      `${members} 人（客户 ${customers} 人）`,
    owner: (name: string) => `群主：${name}`,
    nameOk: '群名符合「客户编号 + 宠物名 + 主诉」',
    nameBad:
      '群名不符合「客户编号 + 宠物名 + 主诉」规则，例如 C10023-Moco-发烧',
    parsed: (id: string, pet: string, complaint: string) =>
      `客户 ${id} · 宠物 ${pet} · 主诉 ${complaint}`,
    missingRoles: (roles: string) => `群里缺少：${roles}`,
    rolesOk: '管家、前台、医生、护士都在群里',
    dismissed: '该群已解散',
    noRecord: '没有找到与群名对应的医院档案',
    noRecordText:
      '群名中的客户编号在医院系统中不存在，或你没有权限查看。请核对群名，或在客户的单聊中绑定档案。',
  },
  roles: {
    butler: '管家',
    front_desk: '前台',
    doctor: '医生',
    nurse: '护士',
    region_admin: '大区管理员',
    head_office_ops: '总部运营',
  } as Record<string, string>,
  pet: {
    switcher: '宠物',
    species: { dog: '犬', cat: '猫', other: '其他' } as Record<string, string>,
    sex: { male: '公', female: '母', unknown: '性别未知' } as Record<
      string,
      string
    >,
    neutered: '已绝育',
    notNeutered: '未绝育',
    age: (years: number, months: number, days: number) =>
      years > 0
        ? `${years}岁${months > 0 ? `${months}个月` : ''}`
        : months > 0
          ? `${months}个月`
          : `${days}天`,
    ageUnknown: '年龄未知',
    status: {
      active: '',
      deceased: '已离世',
      transferred: '已转出',
    } as Record<string, string>,
    colour: '毛色',
    microchip: '芯片号',
    facts: '基本信息',
    noPets: '档案里还没有宠物',
    noPetsText: '医院系统中这位客户没有登记宠物。',
    focus: '本群宠物',
  },
  alerts: {
    heading: '注意',
    kind: { allergy: '过敏', chronic: '慢病', behaviour: '行为' } as Record<
      string,
      string
    >,
    since: (date: string) => `自 ${date}`,
  },
  careFlag: {
    recent_vaccination: '近期接种疫苗',
    post_surgery: '术后恢复期',
    chronic: '慢病管理',
    expect: {
      recent_vaccination:
        '接种后 1–2 天可能出现轻微发热、精神稍差，属正常反应；持续超过 48 小时请联系医生。',
      post_surgery:
        '术后需保持伤口清洁干燥、限制剧烈运动、按时复查；伤口红肿渗液或精神食欲差请联系医生。',
      chronic: '需长期用药和定期复查，留意症状变化。',
    } as Record<string, string>,
    period: (since: string, until: string | null) =>
      until ? `${since} 至 ${until}` : `自 ${since}`,
  },
  weight: {
    heading: '体重',
    none: '暂无体重记录',
    latest: (kg: string, date: string) => `${kg} kg（${date}）`,
    change: (delta: string, from: string) => `较 ${from} ${delta}`,
    chart: (count: number, min: string, max: string) =>
      `最近 ${count} 次体重，${min}–${max} kg`,
  },
  care: {
    vaccines: '疫苗',
    deworming: '驱虫',
    none: '暂无记录',
    core: '核心',
    last: (date: string) => `上次 ${date}`,
    never: { vaccine: '未接种', deworming: '未驱虫' },
    next: (date: string) => `下次 ${date}`,
    dueOn: (date: string) => `应于 ${date}`,
    optional: '非核心，按需接种',
    badge: {
      overdue: (days: number) => `逾期 ${days} 天`,
      due: '今日到期',
      dueAgo: (days: number) => `已到期 ${days} 天`,
      due_soon: (days: number) => `${days} 天后到期`,
      up_to_date: '正常',
      not_started: '未开始',
      not_applicable: '不适用',
    },
  },
  tabs: {
    file: '档案',
    history: '病历',
    replies: '快捷回复',
    notes: '跟进',
  },
  history: {
    heading: '就诊记录',
    count: (n: number) => `共 ${n} 次就诊`,
    empty: '还没有就诊记录',
    more: '加载更多',
    loadingMore: '加载中…',
    end: '已显示全部就诊记录',
    moreFailed: '加载更多就诊记录失败',
    reason: '主诉',
    diagnosis: '诊断',
    treatment: '处置',
    prescriptions: '处方',
    recheck: (date: string) => `复查 ${date}`,
    doctorUnknown: '医生未记录',
    open: '查看详情',
    dose: (dose: string | null, days: number | null) =>
      [dose, days ? `${days} 天` : null].filter(Boolean).join('，'),
  },
  visit: {
    title: '就诊详情',
    failed: '无法打开这次就诊',
    notFound: '没有找到这次就诊，或你没有权限查看。',
    history: '病史',
    exam: '体格检查',
    temperature: '体温',
    heartRate: '心率',
    breathingRate: '呼吸',
    weight: '体重',
    findings: '检查所见',
    labs: '化验结果',
    labsNone: '本次没有化验',
    range: (low: number | null, high: number | null) =>
      low != null && high != null
        ? `${low}–${high}`
        : low != null
          ? `≥ ${low}`
          : high != null
            ? `≤ ${high}`
            : '',
    flag: { low: '偏低', high: '偏高', normal: '正常' } as Record<
      string,
      string
    >,
    units: { temperature: '°C', heart: '次/分', breath: '次/分', kg: 'kg' },
    none: '未记录',
  },
  replies: {
    heading: '快捷回复',
    search: '搜索话术',
    searchPlaceholder: '搜索标题或内容',
    all: '全部',
    empty: '没有匹配的快捷回复',
    emptyAll: '还没有可用的快捷回复',
    failed: '无法加载快捷回复',
    scope: {
      head_office: '总部',
      region: '大区',
      personal: '我的',
    } as Record<string, string>,
    kind: { text: '文字', link: '链接', image: '图片' } as Record<
      string,
      string
    >,
    send: '发送',
    sending: '发送中…',
    copy: '复制',
    copied: '已复制，可粘贴到聊天框',
    copyFailed: '复制失败，请长按文字手动复制',
    sendFailed: '发送失败，内容已复制，可粘贴到聊天框',
    sendFailedNoCopy: '发送失败，请长按文字手动复制',
    sent: '已发送',
    missing: (names: string) =>
      `有变量未能填入：${names}。请复制后在聊天框中补全再发送。`,
    uploading: '上传中…',
    imageSendFailed: '图片发送失败，图片链接已复制，可粘贴到聊天框',
    imageSendFailedNoCopy: '图片发送失败，请稍后再试或预览后手动保存',
    preview: '预览',
    close: '收起',
    vars: {
      petName: '宠物名',
      customerName: '客户姓名',
      hospital: '医院',
      dueDate: '到期日',
      memberName: '成员姓名',
      vaccineName: '疫苗名',
      vaccineDue: '疫苗到期情况',
      vaccineDueDate: '疫苗到期日',
      rabiesDue: '狂犬疫苗到期情况',
      rabiesDueDate: '狂犬疫苗到期日',
      dewormingDue: '驱虫到期情况',
      dewormingDueDate: '驱虫到期日',
    } as Record<string, string>,
  },
  notes: {
    heading: '跟进记录',
    add: '添加跟进',
    placeholder: '如：明天回访 Moco 的体温',
    text: '跟进内容',
    remindOn: '提醒日期（可选）',
    save: '保存',
    saving: '保存中…',
    empty: '还没有跟进记录',
    done: '完成',
    doneAt: (date: string) => `${date} 已完成`,
    remind: (date: string) => `提醒 ${date}`,
    overdue: '已过提醒日',
    by: (name: string, date: string) => `${name} · ${date}`,
    saveFailed: '保存跟进失败',
    doneFailed: '标记完成失败',
    textRequired: '请填写跟进内容',
    saved: '已添加跟进',
  },
  empty: {
    notFound: '没有找到这位客户，或你没有权限查看。',
    groupNotFound: '没有找到这个客户群，或你没有权限查看。',
  },
  error: {
    title: '加载失败',
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
