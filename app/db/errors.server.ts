import { Prisma } from './generated/sqlite/client'

/** A write refused by a unique index (Prisma's P2002), on either database. */
export function isUniqueViolation(error: unknown) {
	return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}
