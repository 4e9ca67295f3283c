/** The official Open Badges 3.0 JSON Schema of an AchievementCredential (standards/), compiled once for tests. */
import fs from 'node:fs'
import path from 'node:path'
import Ajv2019 from 'ajv/dist/2019'
import addFormats from 'ajv-formats'

const schema = JSON.parse(
	fs.readFileSync(
		path.resolve(import.meta.dirname, '../../standards/openbadges-3.0/achievementcredential.schema.json'),
		'utf8',
	),
) as object
const ajv = new Ajv2019({ strict: false, allErrors: true })
addFormats(ajv)

export const validateAchievementCredential = ajv.compile(schema)
