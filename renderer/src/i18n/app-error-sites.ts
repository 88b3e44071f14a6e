// Test support for main-errors.test.ts: finds every `new AppError(code, message, details)` and
// `err(code, message, details)` in main's source and rebuilds the Results the renderer would receive from it. Not shipped.
import ts from 'typescript';

/** One AppError construction (or `err(…)` Result): where, its code, its English message, its details. */
export interface AppErrorSite {
  where: string;
  /** The literal code, or null when the code is passed through (a re-thrown error). */
  code: string | null;
  /** The message as written; `${…}` stands for an interpolated value, a bare name for a variable. */
  message: string;
  details: Record<string, string | number>;
}

/** Sample values for details main fills at run time, chosen so every rule can be rendered. */
const SAMPLES: Record<string, string | number> = {
  role: 'admin',
  targetRole: 'admin',
  action: 'reset',
  field: 'username',
};

function text(node: ts.Expression | undefined, sf: ts.SourceFile): string {
  if (!node) return '';
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map((s) => '${…}' + s.literal.text).join('');
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return text(node.left, sf) + text(node.right, sf);
  if (ts.isParenthesizedExpression(node)) return text(node.expression, sf);
  return node.getText(sf);
}

/** The declaration a name refers to from `at`: a const in an enclosing block or a parameter. */
function declaration(name: string, at: ts.Node): ts.VariableDeclaration | ts.ParameterDeclaration | null {
  // A source file's parent is undefined at run time, though typed as a node.
  for (let n = at as ts.Node | undefined; n; n = n.parent as ts.Node | undefined) {
    if (ts.isFunctionLike(n))
      for (const p of n.parameters) if (ts.isIdentifier(p.name) && p.name.text === name) return p;
    if (ts.isBlock(n) || ts.isSourceFile(n))
      for (const st of n.statements)
        if (ts.isVariableStatement(st))
          for (const d of st.declarationList.declarations)
            if (ts.isIdentifier(d.name) && d.name.text === name) return d;
  }
  return null;
}

/** The string literals a union type can hold (a named alias in the same file is followed). */
function typeValues(type: ts.TypeNode | undefined, sf: ts.SourceFile): string[] | null {
  if (!type) return null;
  if (ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) return [type.literal.text];
  if (ts.isUnionTypeNode(type)) {
    const parts = type.types.map((t) => typeValues(t, sf));
    return parts.every((p) => p !== null) ? parts.flat() : null;
  }
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const name = type.typeName.text;
    const alias = sf.statements.find((s) => ts.isTypeAliasDeclaration(s) && s.name.text === name);
    return alias && ts.isTypeAliasDeclaration(alias) ? typeValues(alias.type, sf) : null;
  }
  return null;
}

/** Every string a value can be: a literal, either side of a ?:, a const or a typed parameter. */
function values(node: ts.Expression, sf: ts.SourceFile): string[] | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node)) return values(node.expression, sf);
  if (ts.isConditionalExpression(node)) {
    const a = values(node.whenTrue, sf);
    const b = values(node.whenFalse, sf);
    return a && b ? [...a, ...b] : null;
  }
  if (ts.isIdentifier(node)) {
    const d = declaration(node.text, node);
    if (!d) return null;
    if (ts.isParameter(d)) return typeValues(d.type, sf);
    return d.initializer ? values(d.initializer, sf) : null;
  }
  return null;
}

/** The details object, one per value a `rule` given by a variable can take. */
function detailVariants(
  node: ts.Expression | undefined,
  sf: ts.SourceFile,
): Record<string, string | number>[] {
  let obj = node;
  if (obj && ts.isParenthesizedExpression(obj)) obj = obj.expression;
  if (obj && ts.isConditionalExpression(obj))
    return [...detailVariants(obj.whenTrue, sf), ...detailVariants(obj.whenFalse, sf)];
  if (obj && ts.isIdentifier(obj)) {
    const d = declaration(obj.text, obj);
    obj = d && ts.isVariableDeclaration(d) ? d.initializer : undefined;
  }
  if (!obj || !ts.isObjectLiteralExpression(obj)) return [{}];
  const out: Record<string, string | number> = {};
  let rules: string[] = [];
  for (const p of obj.properties) {
    if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
    const key = p.name.text;
    const init = ts.isPropertyAssignment(p)
      ? p.initializer
      : ts.isShorthandPropertyAssignment(p)
        ? p.name
        : null;
    if (init && ts.isNumericLiteral(init)) out[key] = Number(init.text);
    else if (key === 'rule' && init) rules = values(init, sf) ?? ['(not a literal)'];
    else if (init && (ts.isStringLiteral(init) || ts.isNoSubstitutionTemplateLiteral(init)))
      out[key] = init.text;
    else out[key] = SAMPLES[key] ?? 7;
  }
  return rules.length === 0 ? [out] : rules.map((rule) => ({ ...out, rule }));
}

/** Every AppError construction in one TypeScript source text (one entry per possible rule). */
export function appErrorSites(file: string, source: string): AppErrorSite[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: AppErrorSite[] = [];
  const visit = (node: ts.Node): void => {
    const built =
      (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'AppError') ||
      (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'err');
    if (built) {
      const [code, message, extra] = node.arguments ?? [];
      const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      for (const details of detailVariants(extra, sf))
        out.push({
          where: `${file}:${String(line)}`,
          code: code && ts.isStringLiteral(code) ? code.text : null,
          message: text(message, sf),
          details,
        });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
