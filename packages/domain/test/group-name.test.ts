import { parseGroupName } from '../src'

describe('parseGroupName', () => {
  it.each([
    ['C10023-Moco-发烧', 'C10023', 'Moco', '发烧'],
    ['C10045 豆豆 皮肤病', 'C10045', '豆豆', '皮肤病'],
    ['C10077_咪咪_复查', 'C10077', '咪咪', '复查'],
    ['C10080+旺财+驱虫', 'C10080', '旺财', '驱虫'],
    ['C10091－球球－呕吐', 'C10091', '球球', '呕吐'],
    ['C10092＿花花＿绝育', 'C10092', '花花', '绝育'],
    ['C10093＋小白＋疫苗', 'C10093', '小白', '疫苗'],
    ['C10094\u3000大黄\u3000骨折', 'C10094', '大黄', '骨折'],
    ['Ｃ１００９５-咖啡-拉肚子', 'C10095', '咖啡', '拉肚子'],
    ['c10096 - Lucky - 术后复查', 'C10096', 'Lucky', '术后复查'],
    ['C10097-豆豆-皮肤 复查', 'C10097', '豆豆', '皮肤 复查'],
    ['C10098—毛毛—咳嗽', 'C10098', '毛毛', '咳嗽'],
    ['10099-年糕-体检', '10099', '年糕', '体检'],
    ['C10100-🐱Mimi-发烧', 'C10100', '🐱Mimi', '发烧'],
    ['C10240/馒头/呕吐', 'C10240', '馒头', '呕吐'],
    ['C10241／团子／体检', 'C10241', '团子', '体检'],
    ['C10242|Max|疫苗', 'C10242', 'Max', '疫苗'],
    ['C10243·可乐·腹泻', 'C10243', '可乐', '腹泻'],
  ])('reads %s', (name, customerId, petName, complaint) => {
    expect(parseGroupName(name)).toEqual({
      ok: true,
      customerId,
      petName,
      complaint,
    })
  })

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['豆豆家长群', 'NO_CUSTOMER_ID'],
    ['Moco-C10023-发烧', 'NO_CUSTOMER_ID'],
    ['CX1-Moco-发烧', 'NO_CUSTOMER_ID'],
    ['C10023', 'MISSING_PET_NAME'],
    ['C10023-Moco', 'MISSING_COMPLAINT'],
    ['C10023--Moco-', 'MISSING_COMPLAINT'],
  ])('flags %j as %s', (name, reason) => {
    expect(parseGroupName(name)).toEqual({ ok: false, reason })
  })
})
