import { AverageExplorer, AxisBaselineDemo } from './data-demos'
import { KnowledgeCheck } from './knowledge-check'
import { Callout, Figure, KeyTakeaways, KeyTerm, Reflection, WorkedExample } from './lesson-blocks'

/** The one map of components that lessons may use (checked by content:check). */
export const mdxComponents = {
	Callout,
	KeyTerm,
	Figure,
	WorkedExample,
	Reflection,
	KnowledgeCheck,
	KeyTakeaways,
	AverageExplorer,
	AxisBaselineDemo,
}
