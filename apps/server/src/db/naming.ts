import { DefaultNamingStrategy, type NamingStrategyInterface } from 'typeorm'

function toSnakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
}

/** camelCase properties in TypeScript, snake_case columns in the database. */
export class SnakeNamingStrategy
  extends DefaultNamingStrategy
  implements NamingStrategyInterface
{
  override columnName(
    propertyName: string,
    customName: string | undefined,
    prefixes: string[],
  ): string {
    const prefix = prefixes.map(toSnakeCase).join('_')
    const name = customName ?? toSnakeCase(propertyName)
    return prefix ? `${prefix}_${name}` : name
  }
}
