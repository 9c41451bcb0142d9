import {
  BindingService,
  normalizePhone,
} from '../src/modules/record/binding.service'
import { RecordImporter } from '../src/modules/record/import/record-importer'
import { databaseTargets, useMigratedDatabase } from './databases'

describe('normalizePhone', () => {
  it.each([
    ['138 0013 8000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['021-64000000', '02164000000'],
  ])('reads %s as %s', (input, digits) => {
    expect(normalizePhone(input)).toBe(digits)
  })
})

describe.each(databaseTargets().map((t) => [t.name, t] as const))(
  'BindingService on %s',
  (_name, target) => {
    const db = useMigratedDatabase(target)
    let bindings: BindingService

    beforeEach(async () => {
      const importer = new RecordImporter(db.dataSource)
      const rows = [
        {
          type: 'customer',
          id: 'C10023',
          name: '王小美',
          phone: '138 0013 8000',
        },
        { type: 'customer', id: 'C10045', name: '李雷', phone: '13900139000' },
        {
          type: 'customer',
          id: 'C10046',
          name: '李雷家属',
          phone: '13900139000',
        },
      ]
      for (const [index, row] of rows.entries()) {
        await importer.add(JSON.stringify(row), index + 1)
      }
      await importer.finish()
      bindings = new BindingService(db.dataSource)
    })

    it('binds by phone, however it is written', async () => {
      const binding = await bindings.bind({
        externalUserId: 'wmA',
        phone: '+86 138-0013-8000',
        by: 'ZhouChen',
      })
      expect(binding).toMatchObject({
        customerId: 'C10023',
        method: 'phone',
        boundBy: 'ZhouChen',
        unboundAt: null,
      })
      expect((await bindings.current('wmA'))?.customerId).toBe('C10023')
    })

    it('binds by customer ID in any case', async () => {
      expect(
        await bindings.bind({
          externalUserId: 'wmA',
          customerId: 'c10045',
          by: 'ZhouChen',
        }),
      ).toMatchObject({
        customerId: 'C10045',
        method: 'customer_id',
      })
    })

    it.each([
      [{ phone: '13700000000' }, 'CUSTOMER_NOT_FOUND'],
      [{ phone: '13900139000' }, 'CUSTOMER_AMBIGUOUS'],
      [{ customerId: 'C99999' }, 'CUSTOMER_NOT_FOUND'],
    ])('refuses %j with %s', async (query, code) => {
      await expect(
        bindings.bind({ externalUserId: 'wmA', by: 'ZhouChen', ...query }),
      ).rejects.toMatchObject({ code })
      expect(await bindings.current('wmA')).toBeNull()
    })

    it('keeps the history across an unbinding and a new binding', async () => {
      await bindings.bind({
        externalUserId: 'wmA',
        customerId: 'C10023',
        by: 'ZhouChen',
        now: new Date('2026-12-01T00:00:00Z'),
      })
      await expect(
        bindings.bind({
          externalUserId: 'wmA',
          customerId: 'C10045',
          by: 'ZhouChen',
        }),
      ).rejects.toMatchObject({
        code: 'ALREADY_BOUND',
      })
      await bindings.unbind('wmA', 'LiNa', new Date('2026-12-02T00:00:00Z'))
      await bindings.bind({
        externalUserId: 'wmA',
        customerId: 'C10045',
        by: 'LiNa',
        now: new Date('2026-12-03T00:00:00Z'),
      })
      const history = await bindings.history('wmA')
      expect(
        history.map((b) => [
          b.customerId,
          b.unboundBy,
          b.unboundAt?.toISOString() ?? null,
        ]),
      ).toEqual([
        ['C10023', 'LiNa', '2026-12-02T00:00:00.000Z'],
        ['C10045', null, null],
      ])
      await expect(bindings.unbind('wmB', 'LiNa')).rejects.toMatchObject({
        code: 'NOT_BOUND',
      })
    })

    it('creates a hospital customer the hospital system does not know, and binds it', async () => {
      const binding = await bindings.createAndBind({
        externalUserId: 'wmNew',
        customerId: 'c20001',
        name: '新客户🐶',
        phone: '158 0000 0001',
        by: 'ZhouChen',
      })
      expect(binding).toMatchObject({ customerId: 'C20001', method: 'created' })
      expect(await bindings.find({ phone: '15800000001' })).toEqual([
        expect.objectContaining({ id: 'C20001', name: '新客户🐶' }),
      ])
      await expect(
        bindings.createAndBind({
          externalUserId: 'wmOther',
          customerId: 'C20001',
          name: 'x',
          by: 'ZhouChen',
        }),
      ).rejects.toMatchObject({ code: 'CUSTOMER_EXISTS' })
    })
  },
)
