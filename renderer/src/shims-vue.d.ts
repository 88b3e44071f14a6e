// For tools that read .ts files without Vue support (typescript-eslint's program): vue-tsc
// resolves the real .vue files and never uses this fallback.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
