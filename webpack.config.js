/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * Builds the three pages the add-in serves, in the shape of the Office add-in template (yo office):
 *   taskpane.html  — the React task pane (loads office.js from the Office CDN)
 *   commands.html  — the ribbon function file (快速校验; loads office.js)
 *   web.html       — the browser page for machines without Excel (no office.js, nothing external)
 * `npm run build` (production) also copies manifest.xml with the dev URL replaced by the production
 * base URL: env ADDIN_PROD_URL, default https://ledgercheck.example.gov.cn/.
 */
const path = require('path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const HtmlWebpackPlugin = require('html-webpack-plugin');

const urlDev = 'https://localhost:3000/';
const urlProd = withTrailingSlash(process.env.ADDIN_PROD_URL || 'https://ledgercheck.example.gov.cn/');

function withTrailingSlash(url) {
  return url.endsWith('/') ? url : `${url}/`;
}

/** Every dev URL in the manifest → production; <AppDomain> takes the origin alone, without the slash. */
function productionManifest(xml) {
  return xml
    .replace(new RegExp(urlDev, 'g'), urlProd)
    .replace(new RegExp(urlDev.slice(0, -1), 'g'), new URL(urlProd).origin);
}

/** Dev certificates are only needed to serve; required lazily so an offline `npm run build` never touches them. */
async function getHttpsOptions() {
  const devCerts = require('office-addin-dev-certs');
  const httpsOptions = await devCerts.getHttpsServerOptions();
  return { ca: httpsOptions.ca, key: httpsOptions.key, cert: httpsOptions.cert };
}

module.exports = async (env, options) => {
  const dev = options.mode === 'development';
  const serving = Boolean(env && env.WEBPACK_SERVE);
  return {
    // Not an eval-based devtool: web.html's Content-Security-Policy forbids eval.
    devtool: 'source-map',
    entry: {
      taskpane: './src/taskpane/index.tsx',
      commands: './src/commands/commands.ts',
      web: './src/web/index.tsx',
    },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.json'],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            // Type checking is `tsc --noEmit`'s job; ES modules let webpack tree-shake Fluent UI.
            options: { transpileOnly: true, compilerOptions: { module: 'esnext', sourceMap: true } },
          },
        },
        {
          test: /\.(png|jpg|jpeg|gif|ico)$/,
          type: 'asset/resource',
          generator: { filename: 'assets/[name][ext][query]' },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane'],
      }),
      new HtmlWebpackPlugin({
        filename: 'commands.html',
        template: './src/commands/commands.html',
        chunks: ['commands'],
      }),
      new HtmlWebpackPlugin({
        filename: 'web.html',
        template: './src/web/web.html',
        chunks: ['web'],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*', to: 'assets/[name][ext][query]' },
          {
            from: 'manifest*.xml',
            to: '[name][ext]',
            transform(content) {
              return dev ? content : productionManifest(content.toString());
            },
          },
        ],
      }),
    ],
    // ExcelJS and Fluent UI make bundles of a few MB; they are served from the intranet, not a CDN budget.
    performance: { maxAssetSize: 4_000_000, maxEntrypointSize: 4_000_000 },
    devServer: {
      hot: true,
      headers: { 'Access-Control-Allow-Origin': '*' },
      server: { type: 'https', options: serving ? await getHttpsOptions() : undefined },
      port: Number(process.env.npm_package_config_dev_server_port) || 3000,
    },
  };
};
