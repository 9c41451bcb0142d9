import type { DataSource } from 'typeorm'
import { createDataSource, openDatabase } from '../src/db/data-source'
import { VisitEntity } from '../src/modules/record/clinical.entity'
import { HospitalCustomerEntity } from '../src/modules/record/hospital-customer.entity'
import { PetEntity } from '../src/modules/record/pet.entity'
import {
  formatOfFileName,
  readExport,
  typeOfFileName,
  type ReadExportOptions,
} from '../src/modules/record/import/export-reader'
import {
  RecordImporter,
  type ImportReport,
} from '../src/modules/record/import/record-importer'
import { databaseTargets, useMigratedDatabase } from './databases'
import {
  countRecords,
  EXPORT_CSV,
  EXPORT_JSONL,
  EXPORT_ROWS,
  recordTables,
} from './record-import.fixtures'

/** The text as a stream of small chunks, cutting lines and characters. */
async function* chunks(data: string | Buffer, size = 7) {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data
  for (let i = 0; i < bytes.length; i += size) {
    yield bytes.subarray(i, i + size)
  }
}

async function importText(
  dataSource: DataSource,
  data: string | Buffer,
  options: ReadExportOptions,
): Promise<ImportReport> {
  const importer = new RecordImporter(dataSource, { batchSize: 3 })
  await readExport(chunks(data), importer, options)
  return importer.finish()
}

/** Imports the CSV files in order, each typed by its name. */
async function importCsvFiles(dataSource: DataSource): Promise<ImportReport> {
  const total: ImportReport = {
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    failed: [],
  }
  for (const [name, text] of Object.entries(EXPORT_CSV)) {
    const report = await importText(dataSource, text, {
      format: 'csv',
      type: typeOfFileName(name),
    })
    total.read += report.read
    total.inserted += report.inserted
    total.updated += report.updated
    total.unchanged += report.unchanged
    total.failed.push(...report.failed)
  }
  return total
}

const VISIT_HEADER =
  'type,id,petId,customerId,hospitalId,visitedAt,exam.temperatureC,diagnoses,paid'

describe.each(databaseTargets().map((t) => [t.name, t] as const))(
  'CSV import on %s',
  (_name, target) => {
    const db = useMigratedDatabase(target)

    it('imports a CSV file of every row type into the same tables as the same data in JSON lines', async () => {
      const report = await importCsvFiles(db.dataSource)
      expect(report).toEqual({
        read: EXPORT_ROWS.length,
        inserted: EXPORT_ROWS.length,
        updated: 0,
        unchanged: 0,
        failed: [],
      })

      const other = await target.create()
      const jsonl: DataSource = createDataSource(other.config)
      try {
        await openDatabase(jsonl)
        expect(
          await importText(jsonl, EXPORT_JSONL, { format: 'jsonl' }),
        ).toMatchObject({ inserted: EXPORT_ROWS.length, failed: [] })
        expect(await recordTables(db.dataSource)).toEqual(
          await recordTables(jsonl),
        )
      } finally {
        await jsonl.destroy()
        await other.drop()
      }

      const visit = await db.dataSource
        .getRepository(VisitEntity)
        .findOneByOrFail({ id: 'VIS1' })
      expect(visit).toMatchObject({
        history: '昨日接种猫三联\n今晨精神差',
        examJson: '{"temperatureC":39.4,"heartRate":180,"weightKg":4.3}',
        amountCents: 15800,
        paid: 1,
      })
      expect(JSON.parse(visit.planJson)).toEqual({
        treatments: ['物理降温', '观察'],
        prescriptions: [{ drug: '美洛昔康', dose: '0.1mg/kg', days: 3 }],
      })
    })

    it('changes nothing when the same CSV, or the same data in JSON lines, is imported again', async () => {
      await importCsvFiles(db.dataSource)
      const before = await recordTables(db.dataSource)

      expect(await importCsvFiles(db.dataSource)).toMatchObject({
        inserted: 0,
        updated: 0,
        unchanged: EXPORT_ROWS.length,
      })
      expect(
        await importText(db.dataSource, EXPORT_JSONL, { format: 'jsonl' }),
      ).toMatchObject({
        inserted: 0,
        updated: 0,
        unchanged: EXPORT_ROWS.length,
      })
      expect(await recordTables(db.dataSource)).toEqual(before)
    })

    it('reads a BOM, CRLF line ends and quoted cells over several lines, numbering rows by physical line', async () => {
      const csv =
        '\uFEFFid,name,phone,note\r\n' +
        'C1,"王\r\n小美",13800138000,"第一行\n第二行\n第三行"\r\n' +
        '\r\n' +
        'C2,李雷,12,\r\n' +
        'C3,韩梅梅,13900139000,"a ""quoted"" word"\r\n'
      const report = await importText(db.dataSource, csv, {
        format: 'csv',
        type: 'customer',
      })
      expect(report).toMatchObject({ read: 3, inserted: 2 })
      // C1 spans lines 2 to 5, a blank line 6; C2 is on line 7.
      expect(report.failed).toEqual([
        { line: 7, reason: 'phone: must be a phone number' },
      ])
      const customers = db.dataSource.getRepository(HospitalCustomerEntity)
      expect(await customers.findOneByOrFail({ id: 'C1' })).toMatchObject({
        name: '王\r\n小美',
        note: '第一行\n第二行\n第三行',
      })
      expect(await customers.findOneByOrFail({ id: 'C3' })).toMatchObject({
        note: 'a "quoted" word',
      })
    })

    it('refuses each bad row with its line and reason and imports the rest', async () => {
      const good = (id: string) =>
        `visit,${id},P1,C1,H1,2026-12-04T10:30:00+08:00,38.5,"发热; 脱水",是`
      const csv = [
        VISIT_HEADER,
        good('VIS1'),
        'visit,VIS2,P1,C1,H1,2026-12-04T10:30:00+08:00,38.5',
        'visit,VIS3,P1,C1,H1,2026-12-04T10:30:00+08:00,三十八,,',
        'visit,VIS4,P1,C1,H1,2026-12-04 10:30,,,',
        'horse,VIS5,P1,C1,H1,2026-12-04T10:30:00+08:00,,,',
        'visit,VIS6,P1,C1,H1,2026-12-04T10:30:00+08:00,,,maybe',
        'visit,VIS7,"P1"x,C1,H1,2026-12-04T10:30:00+08:00,,,',
        'visit,VIS8,P"1,C1,H1,2026-12-04T10:30:00+08:00,,,',
        good('VIS9'),
        'pet,P9,C1,H1,,,,,',
        'visit,VIS10,"P1,C1,H1,2026-12-04T10:30:00+08:00,,,',
        // Swallowed by the quote above, which nothing closes.
        'visit,VIS11,P1,C1,H1,2026-12-04T10:30:00+08:00,38.5,发热,是',
      ].join('\n')
      const report = await importText(db.dataSource, csv, { format: 'csv' })
      expect(report.failed).toEqual([
        { line: 3, reason: 'has 7 cells where the header has 9' },
        { line: 4, reason: 'exam.temperatureC: must be a number' },
        { line: 5, reason: 'visitedAt: must be an ISO time with offset' },
        { line: 6, reason: expect.stringMatching(/^type: must be one of /) },
        { line: 7, reason: 'paid: must be true or false (or 1/0, 是/否)' },
        { line: 8, reason: expect.stringMatching(/^bad quoting: a quoted/) },
        {
          line: 9,
          reason: expect.stringMatching(/^bad quoting: a quote inside/),
        },
        { line: 11, reason: 'petId: not a column of pet rows' },
        {
          line: 12,
          reason:
            'bad quoting: a quote is not closed, so the row runs to the end of the file',
        },
      ])
      expect(report).toMatchObject({ read: 11, inserted: 2 })
      const visits = await db.dataSource
        .getRepository(VisitEntity)
        .find({ order: { id: 'ASC' } })
      expect(visits.map((v) => v.id)).toEqual(['VIS1', 'VIS9'])
      expect(JSON.parse(visits[0]!.assessmentJson)).toEqual({
        diagnoses: ['发热', '脱水'],
      })
    })

    it('refuses a JSON cell that is not a list, and a list item the schema refuses', async () => {
      const csv =
        'id,petId,customerId,hospitalId,visitedAt,prescriptions\n' +
        'VIS1,P1,C1,H1,2026-12-04T10:30:00+08:00,美洛昔康\n' +
        'VIS2,P1,C1,H1,2026-12-04T10:30:00+08:00,"[{""dose"":""1片""}]"\n'
      const report = await importText(db.dataSource, csv, {
        format: 'csv',
        type: 'visit',
      })
      expect(report.failed).toEqual([
        {
          line: 2,
          reason: 'prescriptions: must be a JSON list, e.g. [{"drug":"…"}]',
        },
        { line: 3, reason: expect.stringMatching(/^prescriptions\.0\.drug: /) },
      ])
    })

    it('refuses the whole file when the header names an unknown column or no type can be found', async () => {
      const typo = await importText(
        db.dataSource,
        'id,customerId,name,species,brithDate\nP1,C1,Moco,cat,2024-03-15\n',
        { format: 'csv', type: 'pet' },
      )
      expect(typo).toMatchObject({ read: 0, inserted: 0 })
      expect(typo.failed).toEqual([
        {
          line: 1,
          reason: expect.stringMatching(
            /^header: unknown column brithDate; pet columns: id, customerId, .*; the file was not read$/,
          ),
        },
      ])

      const untyped = await importText(db.dataSource, 'id,name\nC1,王小美\n', {
        format: 'csv',
      })
      expect(untyped.failed).toEqual([
        {
          line: 1,
          reason: expect.stringContaining('no type column and no type given'),
        },
      ])
      expect(await countRecords(db.dataSource)).toBe(0)
    })

    it('holds several row types in one file with a type column', async () => {
      const csv =
        'type,id,name,regionId,customerId,species\n' +
        'region,R-EAST,华东大区,,,\n' +
        'hospital,SH001,上海徐汇店,R-EAST,,\n' +
        'customer,C1,王小美,,,\n' +
        'pet,P1,Moco,,C1,cat\n' +
        'customer,C2,李雷,R-EAST,,\n'
      const report = await importText(db.dataSource, csv, { format: 'csv' })
      expect(report).toMatchObject({ read: 5, inserted: 4 })
      expect(report.failed).toEqual([
        { line: 6, reason: 'regionId: not a column of customer rows' },
      ])
      expect(
        await db.dataSource.getRepository(PetEntity).findOneByOrFail({
          id: 'P1',
        }),
      ).toMatchObject({ customerId: 'C1', species: 'cat' })
    })

    it('stops at text that is not UTF-8 and says to convert it', async () => {
      // 王小美 in GBK, as a hospital system on Windows may write it.
      const gbk = Buffer.from([0xcd, 0xf5, 0xd0, 0xa1, 0xc3, 0xc0])
      const csv = Buffer.concat([
        Buffer.from('id,name\n'),
        gbk,
        Buffer.from(',x\n'),
      ])
      const report = await importText(db.dataSource, csv, {
        format: 'csv',
        type: 'customer',
      })
      expect(report.failed).toEqual([
        {
          line: 2,
          reason: expect.stringMatching(
            /^not UTF-8 text: save or convert the file as UTF-8 first \(a GBK export: iconv -f GBK -t UTF-8\)/,
          ),
        },
      ])
      expect(await countRecords(db.dataSource)).toBe(0)
    })
  },
)

describe('export file names', () => {
  it.each([
    ['visits.csv', 'csv', 'visit'],
    ['visit.CSV', 'csv', 'visit'],
    ['/exports/care-flags.csv', 'csv', 'care_flag'],
    ['dewormings.csv', 'csv', 'deworming'],
    ['export.jsonl', 'jsonl', undefined],
    ['export.ndjson', 'jsonl', undefined],
    ['export.json-lines', 'jsonl', undefined],
    ['export.json', undefined, undefined],
  ])('reads %s as format %s holding %s rows', (name, format, type) => {
    expect(formatOfFileName(name)).toBe(format)
    expect(typeOfFileName(name)).toBe(type)
  })
})
