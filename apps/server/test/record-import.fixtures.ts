import type { DataSource, EntitySchema, ObjectLiteral } from 'typeorm'
import {
  DewormingEntity,
  VaccinationEntity,
  VisitEntity,
} from '../src/modules/record/clinical.entity'
import { HospitalCustomerEntity } from '../src/modules/record/hospital-customer.entity'
import {
  HospitalEntity,
  RegionEntity,
} from '../src/modules/record/hospital.entity'
import {
  CareFlagEntity,
  PetAlertEntity,
  PetEntity,
  PetWeightEntity,
} from '../src/modules/record/pet.entity'

/** A small export with every row type, as JSON lines would carry it. */
export const EXPORT_ROWS = [
  { type: 'region', id: 'R-EAST', name: '华东大区' },
  {
    type: 'hospital',
    id: 'SH001',
    name: '上海徐汇店',
    regionId: 'R-EAST',
    phone: '021-64000000',
    address: '上海市徐汇区宛平南路 88 号',
  },
  { type: 'hospital', id: 'SH002', name: '上海静安店', regionId: 'R-EAST' },
  {
    type: 'customer',
    id: 'C10023',
    name: '王小美',
    phone: '13800138000',
    hospitalId: 'SH001',
    note: '喜欢微信联系\n周末不方便',
  },
  {
    type: 'customer',
    id: 'C10024',
    name: '张"大"伟',
    phone: '139 1234 5678',
    hospitalId: 'SH002',
  },
  {
    type: 'pet',
    id: 'P20001',
    customerId: 'C10023',
    name: 'Moco',
    species: 'cat',
    breed: '英短',
    sex: 'female',
    neutered: true,
    birthDate: '2024-03-15',
    colour: '蓝白',
    status: 'active',
  },
  {
    type: 'pet',
    id: 'P20002',
    customerId: 'C10024',
    name: '豆豆',
    species: 'dog',
    sex: 'male',
    neutered: false,
    microchip: '900123456789012',
  },
  { type: 'weight', petId: 'P20001', measuredOn: '2026-12-03', weightKg: 4.35 },
  {
    type: 'alert',
    id: 'A1',
    petId: 'P20002',
    kind: 'allergy',
    text: '青霉素过敏',
    severity: 'high',
    since: '2025-06-01',
  },
  {
    type: 'vaccination',
    id: 'V1',
    petId: 'P20001',
    vaccineId: 'cat-core-fvrcp',
    vaccineName: '猫三联',
    doseNumber: 3,
    givenOn: '2026-12-03',
    batch: 'B2026',
    givenBy: '李医生',
    hospitalId: 'SH001',
  },
  {
    type: 'deworming',
    id: 'D1',
    petId: 'P20002',
    product: '大宠爱',
    kinds: ['internal', 'external'],
    givenOn: '2026-11-20',
    hospitalId: 'SH002',
  },
  {
    type: 'visit',
    id: 'VIS1',
    petId: 'P20001',
    customerId: 'C10023',
    hospitalId: 'SH001',
    doctorName: '李医生',
    visitedAt: '2026-12-04T10:30:00+08:00',
    reason: '发烧',
    history: '昨日接种猫三联\n今晨精神差',
    exam: { temperatureC: 39.4, heartRate: 180, weightKg: 4.3 },
    diagnoses: ['疫苗接种后一过性发热'],
    treatments: ['物理降温', '观察'],
    prescriptions: [{ drug: '美洛昔康', dose: '0.1mg/kg', days: 3 }],
    labs: [{ test: 'WBC', value: 12.5, unit: '10^9/L', low: 5.5, high: 19.5 }],
    recheckOn: '2026-12-07',
    amount: 158,
    paid: true,
  },
  {
    type: 'visit',
    id: 'VIS2',
    petId: 'P20002',
    customerId: 'C10024',
    hospitalId: 'SH002',
    doctorName: '王医生',
    visitedAt: '2026-11-20T09:00:00+08:00',
    reason: '驱虫',
  },
  {
    type: 'care_flag',
    petId: 'P20001',
    flag: 'recent_vaccination',
    sinceOn: '2026-12-03',
    untilOn: '2026-12-10',
  },
]

/** The export as JSON lines. */
export const EXPORT_JSONL = EXPORT_ROWS.map((row) => JSON.stringify(row)).join(
  '\n',
)

/**
 * The same export as CSV, one file per row type, the way a hospital system
 * writes it: a BOM and CRLF here, quoted cells over two lines there.
 */
export const EXPORT_CSV: Record<string, string> = {
  'regions.csv': 'id,name,wecomDepartmentId\nR-EAST,华东大区,\n',
  'hospitals.csv':
    'id,name,regionId,phone,address\n' +
    'SH001,上海徐汇店,R-EAST,021-64000000,上海市徐汇区宛平南路 88 号\n' +
    'SH002,上海静安店,R-EAST,,\n',
  'customers.csv':
    '\uFEFFid,name,phone,hospitalId,note\r\n' +
    'C10023,王小美,13800138000,SH001,"喜欢微信联系\n周末不方便"\r\n' +
    'C10024,"张""大""伟",139 1234 5678,SH002,\r\n',
  'pets.csv':
    'id,customerId,name,species,breed,sex,neutered,birthDate,colour,microchip,status\n' +
    'P20001,C10023,Moco,cat,英短,female,是,2024-03-15,蓝白,,active\n' +
    'P20002,C10024,豆豆,dog,,male,0,,,900123456789012,\n',
  'weights.csv': 'petId,measuredOn,weightKg\nP20001,2026-12-03,4.35\n',
  'alerts.csv':
    'id,petId,kind,text,severity,since,resolvedOn\n' +
    'A1,P20002,allergy,青霉素过敏,high,2025-06-01,\n',
  'vaccinations.csv':
    'id,petId,vaccineId,vaccineName,doseNumber,givenOn,batch,givenBy,hospitalId\n' +
    'V1,P20001,cat-core-fvrcp,猫三联,3,2026-12-03,B2026,李医生,SH001\n',
  'dewormings.csv':
    'id,petId,product,kinds,givenOn,hospitalId\n' +
    'D1,P20002,大宠爱,internal;external,2026-11-20,SH002\n',
  'visits.csv':
    'id,petId,customerId,hospitalId,doctorName,visitedAt,reason,history,' +
    'exam.temperatureC,exam.heartRate,exam.weightKg,exam.findings,' +
    'diagnoses,treatments,prescriptions,labs,recheckOn,amount,paid\n' +
    'VIS1,P20001,C10023,SH001,李医生,2026-12-04T10:30:00+08:00,发烧,' +
    '"昨日接种猫三联\n今晨精神差",39.4,180,4.3,,疫苗接种后一过性发热,' +
    '物理降温;观察,"[{""drug"":""美洛昔康"",""dose"":""0.1mg/kg"",""days"":3}]",' +
    '"[{""test"":""WBC"",""value"":12.5,""unit"":""10^9/L"",""low"":5.5,""high"":19.5}]",' +
    '2026-12-07,158,true\n' +
    'VIS2,P20002,C10024,SH002,王医生,2026-11-20T09:00:00+08:00,驱虫,,,,,,,,,,,0,否\n',
  'care_flags.csv':
    'petId,flag,sinceOn,untilOn,note\n' +
    'P20001,recent_vaccination,2026-12-03,2026-12-10,\n',
}

const TABLES: [string, EntitySchema<ObjectLiteral>][] = [
  ['region', RegionEntity as EntitySchema<ObjectLiteral>],
  ['hospital', HospitalEntity as EntitySchema<ObjectLiteral>],
  ['customer', HospitalCustomerEntity as EntitySchema<ObjectLiteral>],
  ['pet', PetEntity as EntitySchema<ObjectLiteral>],
  ['weight', PetWeightEntity as EntitySchema<ObjectLiteral>],
  ['alert', PetAlertEntity as EntitySchema<ObjectLiteral>],
  ['vaccination', VaccinationEntity as EntitySchema<ObjectLiteral>],
  ['deworming', DewormingEntity as EntitySchema<ObjectLiteral>],
  ['visit', VisitEntity as EntitySchema<ObjectLiteral>],
  ['care_flag', CareFlagEntity as EntitySchema<ObjectLiteral>],
]

/**
 * Every imported table's rows, in a stable order, without the times they
 * were written: what two imports of the same data must agree on.
 */
export async function recordTables(
  dataSource: DataSource,
): Promise<Record<string, ObjectLiteral[]>> {
  const tables: Record<string, ObjectLiteral[]> = {}
  for (const [name, entity] of TABLES) {
    const rows = await dataSource.getRepository(entity).find()
    tables[name] = rows
      .map(({ createdAt: _c, updatedAt: _u, ...row }) =>
        Object.fromEntries(
          Object.entries(row).map(([key, value]) => [
            key,
            value instanceof Date ? value.toISOString() : value,
          ]),
        ),
      )
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
  }
  return tables
}

/** How many rows the imported tables hold, all together. */
export async function countRecords(dataSource: DataSource): Promise<number> {
  const tables = await recordTables(dataSource)
  return Object.values(tables).reduce((sum, rows) => sum + rows.length, 0)
}
