// uri-templates ships no types; the property test only expands templates with it.
declare module "uri-templates" {
  interface UriTemplate {
    fill(values: Record<string, unknown>): string;
  }
  export default function uriTemplate(template: string): UriTemplate;
}
