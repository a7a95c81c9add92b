/**
 * A ledger as WPS or a Chinese Excel saves it, written part by part as raw XML: default font 宋体 11
 * (charset 134) with vertical centring in the Normal style (常规), named cell styles, a theme whose
 * minor font is 宋体, 13.5-point default rows, a title and unit row, frozen panes, hidden and sized
 * rows and columns, a formula, a data validation list, conditional formatting, hyperlinks, an
 * autofilter, print titles, print area and page setup, and cells with no style at all. Built-in
 * number formats ExcelJS has no code for (43 千位分隔, 44 accounting ¥, 31 年月日), a cell pasted in
 * Calibri 11 (ExcelJS's own default font) and a custom colour palette. Row 6 has a negative amount,
 * so the engine marks it, and its category (D6, marked too) was pasted without a style.
 */
import { writeZip } from './zip';

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export const WPS_LEDGER_SHEET = '2024年重大项目台账';

const strings = [
  '2024年重大项目台账', '单位：万元', '序号', '项目名称', '项目阶段', '项目类别', '所属县区', '总投资（万元）', '年度计划投资（万元）', '项目网址',
  '南山至北岭高速公路', '新开工', '基础设施', '七星区', '城南污水处理厂', '续建', '象山区', '北岭产业园标准厂房', '产业项目', '秀峰区',
  '合计', '填表人：', '李四', '填报说明', '请按项目逐行填写。', 'https://example.gov.cn/p/1', '见说明',
];
const s = (text: string) => {
  const i = strings.indexOf(text);
  if (i < 0) throw new Error(`no shared string ${text}`);
  return i;
};
const str = (ref: string, text: string, style?: number) => `<c r="${ref}"${style === undefined ? '' : ` s="${style}"`} t="s"><v>${s(text)}</v></c>`;
const num = (ref: string, value: number, style: number) => `<c r="${ref}" s="${style}"><v>${value}</v></c>`;

/** The default palette of indexed colours with index 10 (red) changed to a dark red, as an old .xls converted to .xlsx may carry. */
const PALETTE = [
  '00000000', '00FFFFFF', '00FF0000', '0000FF00', '000000FF', '00FFFF00', '00FF00FF', '0000FFFF',
  '00000000', '00FFFFFF', '00C00000', '0000FF00', '000000FF', '00FFFF00', '00FF00FF', '0000FFFF',
  '00800000', '00008000', '00000080', '00808000', '00800080', '00008080', '00C0C0C0', '00808080',
  '009999FF', '00993366', '00FFFFCC', '00CCFFFF', '00660066', '00FF8080', '000066CC', '00CCCCFF',
  '00000080', '00FF00FF', '00FFFF00', '0000FFFF', '00800080', '00800000', '00008080', '000000FF',
  '0000CCFF', '00CCFFFF', '00CCFFCC', '00FFFF99', '0099CCFF', '00FF99CC', '00CC99FF', '00FFCC99',
  '003366FF', '0033CCCC', '0099CC00', '00FFCC00', '00FF9900', '00FF6600', '00666699', '00969696',
  '00003366', '00339966', '00003300', '00333300', '00993300', '00993366', '00333399', '00333333',
];

const styles = `${HEAD}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac">
<numFmts count="2"><numFmt numFmtId="176" formatCode="0.00_ "/><numFmt numFmtId="177" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/></numFmts>
<fonts count="7">
<font><sz val="11"/><color theme="1"/><name val="宋体"/><charset val="134"/><scheme val="minor"/></font>
<font><b/><sz val="16"/><color theme="1"/><name val="方正小标宋简体"/><charset val="134"/></font>
<font><b/><sz val="11"/><color theme="1"/><name val="宋体"/><charset val="134"/><scheme val="minor"/></font>
<font><u/><sz val="11"/><color rgb="FF0000FF"/><name val="宋体"/><charset val="0"/><scheme val="minor"/></font>
<font><sz val="10"/><color theme="1"/><name val="仿宋_GB2312"/><charset val="134"/></font>
<font><sz val="11"/><color theme="1"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>
<font><sz val="11"/><color indexed="10"/><name val="宋体"/><charset val="134"/></font>
</fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>
<cellStyleXfs count="3">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0"><alignment vertical="center"/></xf>
<xf numFmtId="43" fontId="0" fillId="0" borderId="0" applyFont="0" applyFill="0" applyBorder="0" applyAlignment="0" applyProtection="0"><alignment vertical="center"/></xf>
<xf numFmtId="0" fontId="3" fillId="0" borderId="0" applyNumberFormat="0" applyFill="0" applyBorder="0" applyAlignment="0" applyProtection="0"><alignment vertical="center"/></xf>
</cellStyleXfs>
<cellXfs count="13">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="center"/></xf>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="center"/></xf>
<xf numFmtId="176" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="center"/></xf>
<xf numFmtId="43" fontId="0" fillId="0" borderId="1" xfId="1" applyBorder="1"><alignment vertical="center"/></xf>
<xf numFmtId="0" fontId="3" fillId="0" borderId="1" xfId="2" applyBorder="1" applyAlignment="1"><alignment vertical="center"/></xf>
<xf numFmtId="0" fontId="4" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="left" vertical="center"/></xf>
<xf numFmtId="177" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="center"/></xf>
<xf numFmtId="31" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="center"/></xf>
<xf numFmtId="0" fontId="5" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="44" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="center"/></xf>
<xf numFmtId="0" fontId="6" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="center"/></xf>
</cellXfs>
<cellStyles count="3"><cellStyle name="常规" xfId="0" builtinId="0"/><cellStyle name="千位分隔" xfId="1" builtinId="3"/><cellStyle name="超链接" xfId="2" builtinId="8"/></cellStyles>
<dxfs count="1"><dxf><font><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf></dxfs>
<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>
<colors><indexedColors>${PALETTE.map((c) => `<rgbColor rgb="${c}"/>`).join('')}</indexedColors><mruColors><color rgb="FFD9E1F2"/></mruColors></colors>
</styleSheet>`;

/** A complete Office theme whose fonts are 宋体, as WPS writes for a Chinese workbook. */
const theme = `${HEAD}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="WPS"><a:themeElements><a:clrScheme name="WPS"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2><a:accent1><a:srgbClr val="5B9BD5"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2><a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4><a:accent5><a:srgbClr val="4472C4"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6><a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme><a:fontScheme name="WPS"><a:majorFont><a:latin typeface="宋体"/><a:ea typeface="宋体"/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="宋体"/><a:ea typeface="宋体"/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="WPS"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst><a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>`;

const ledger = `${HEAD}<worksheet ${NS}>
<sheetPr><tabColor rgb="FF00B050"/><pageSetUpPr fitToPage="1"/></sheetPr>
<dimension ref="A1:H8"/>
<sheetViews><sheetView tabSelected="1" zoomScale="85" zoomScaleNormal="85" workbookViewId="0"><pane xSplit="2" ySplit="3" topLeftCell="C4" activePane="bottomRight" state="frozen"/><selection pane="topRight"/><selection pane="bottomLeft"/><selection pane="bottomRight" activeCell="C4" sqref="C4"/></sheetView></sheetViews>
<sheetFormatPr defaultColWidth="9" defaultRowHeight="13.5" outlineLevelCol="1"/>
<cols><col min="1" max="1" width="6.625" customWidth="1"/><col min="2" max="2" width="36.5" style="3" customWidth="1"/><col min="3" max="5" width="10.625" customWidth="1"/><col min="6" max="7" width="14.25" style="4" customWidth="1"/><col min="8" max="8" width="20" hidden="1" customWidth="1" outlineLevel="1"/></cols>
<sheetData>
<row r="1" spans="1:8" ht="30" customHeight="1">${str('A1', '2024年重大项目台账', 1)}${['B', 'C', 'D', 'E', 'F', 'G', 'H'].map((c) => `<c r="${c}1" s="1"/>`).join('')}</row>
<row r="2" spans="1:8" ht="18" customHeight="1">${str('A2', '单位：万元', 7)}</row>
<row r="3" spans="1:8" ht="27" customHeight="1">${['序号', '项目名称', '项目阶段', '项目类别', '所属县区', '总投资（万元）', '年度计划投资（万元）', '项目网址'].map((h, i) => str(`${'ABCDEFGH'[i]}3`, h, 2)).join('')}</row>
<row r="4" spans="1:8">${num('A4', 1, 3)}${str('B4', '南山至北岭高速公路', 3)}${str('C4', '新开工', 3)}${str('D4', '基础设施', 3)}${str('E4', '七星区', 3)}${num('F4', 50000, 4)}${num('G4', 20000, 4)}${str('H4', 'https://example.gov.cn/p/1', 6)}</row>
<row r="5" spans="1:8" hidden="1">${num('A5', 2, 3)}${str('B5', '北岭产业园标准厂房', 3)}${str('C5', '续建', 3)}${str('D5', '产业项目', 3)}${str('E5', '秀峰区', 3)}${num('F5', 12000, 4)}${num('G5', 6000, 4)}</row>
<row r="6" spans="1:8">${num('A6', 3, 3)}${str('B6', '城南污水处理厂', 3)}${str('C6', '续建', 3)}${str('D6', '基础设施')}${str('E6', '象山区', 3)}${num('F6', -3000, 4)}${num('G6', 1000, 4)}${str('H6', '见说明', 6)}</row>
<row r="7" spans="1:8" ht="20.25" customHeight="1">${str('B7', '合计', 3)}<c r="F7" s="5"><f>SUM(F4:F6)</f><v>59000</v></c><c r="G7" s="5"><f>SUM(G4:G6)</f><v>27000</v></c></row>
<row r="8" spans="1:8">${str('A8', '填表人：')}${str('B8', '李四', 0)}<c r="C8"><v>45625</v></c><c r="D8" s="8"><v>45625</v></c><c r="E8" s="9"><v>45625</v></c>${str('F8', '李四', 10)}<c r="G8" s="11"><v>1234.5</v></c>${str('H8', '李四', 12)}</row>
</sheetData>
<autoFilter ref="A3:H6"/>
<mergeCells count="2"><mergeCell ref="A1:H1"/><mergeCell ref="A2:H2"/></mergeCells>
<conditionalFormatting sqref="G4:G6"><cfRule type="cellIs" dxfId="0" priority="1" operator="lessThan"><formula>0</formula></cfRule></conditionalFormatting>
<dataValidations count="1"><dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="C4:C100"><formula1>"谋划,新开工,续建,竣工"</formula1></dataValidation></dataValidations>
<hyperlinks><hyperlink ref="H4" r:id="rId1"/><hyperlink ref="H6" location="'填报说明'!A1" display="见说明"/></hyperlinks>
<printOptions horizontalCentered="1"/>
<pageMargins left="0.393055555555556" right="0.393055555555556" top="0.590277777777778" bottom="0.590277777777778" header="0.314583333333333" footer="0.314583333333333"/>
<pageSetup paperSize="9" scale="85" fitToHeight="0" orientation="landscape"/>
<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>
<rowBreaks count="1" manualBreakCount="1"><brk id="6" max="16383" man="1"/></rowBreaks>
</worksheet>`;

const instructions = `${HEAD}<worksheet ${NS}>
<dimension ref="A1:A2"/>
<sheetViews><sheetView workbookViewId="0"/></sheetViews>
<sheetFormatPr defaultColWidth="9" defaultRowHeight="13.5"/>
<cols><col min="1" max="1" width="60" customWidth="1"/></cols>
<sheetData><row r="1">${str('A1', '填报说明')}</row><row r="2">${str('A2', '请按项目逐行填写。')}</row></sheetData>
<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>
</worksheet>`;

const workbook = `${HEAD}<workbook ${NS}>
<fileVersion appName="xl" lastEdited="3" lowestEdited="5" rupBuild="9302"/>
<workbookPr/>
<bookViews><workbookView windowWidth="28800" windowHeight="12300" activeTab="1"/></bookViews>
<sheets><sheet name="填报说明" sheetId="2" r:id="rId2"/><sheet name="${WPS_LEDGER_SHEET}" sheetId="1" r:id="rId1"/></sheets>
<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'${WPS_LEDGER_SHEET}'!$A$3:$H$6</definedName><definedName name="_xlnm.Print_Area" localSheetId="1">'${WPS_LEDGER_SHEET}'!$A$1:$H$8</definedName><definedName name="_xlnm.Print_Titles" localSheetId="1">'${WPS_LEDGER_SHEET}'!$3:$3</definedName></definedNames>
<calcPr calcId="144525"/>
</workbook>`;

const sharedStrings = `${HEAD}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`;

const rel = (id: string, type: string, target: string, external = false) =>
  `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"${external ? ' TargetMode="External"' : ''}/>`;
const rels = (...items: string[]) => `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join('')}</Relationships>`;

const contentTypes = `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;

const core = `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>张三</dc:creator><cp:lastModifiedBy>李四</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2024-01-05T02:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-11-28T09:30:00Z</dcterms:modified></cp:coreProperties>`;
const app = `${HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>WPS 表格</Application><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>工作表</vt:lpstr></vt:variant><vt:variant><vt:i4>2</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="2" baseType="lpstr"><vt:lpstr>填报说明</vt:lpstr><vt:lpstr>${WPS_LEDGER_SHEET}</vt:lpstr></vt:vector></TitlesOfParts></Properties>`;

const part = (name: string, text: string) => ({ name, data: Buffer.from(text, 'utf8') });

const X14 = 'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"';

/**
 * The ledger; `extras` adds what ExcelJS drops and the copy must own up to: a column page break, a
 * sheet protection with a password, a drop-down list drawn from the 填报说明 sheet (Excel keeps those
 * in the sheet's extension list), a formula using another workbook, and a protected workbook structure.
 */
export function wpsLedger(extras = false): Buffer {
  const sheet = extras
    ? ledger
        .replace('<autoFilter', '<sheetProtection password="CC1A" sheet="1" objects="1" scenarios="1" autoFilter="0"/><autoFilter')
        .replace('</rowBreaks>', '</rowBreaks><colBreaks count="1" manualBreakCount="1"><brk id="5" max="1048575" man="1"/></colBreaks>')
        .replace('<c r="G7" s="5"><f>SUM(G4:G6)</f>', '<c r="G7" s="5"><f>SUM(G4:G6)+[1]汇总!$A$1</f>')
        .replace('</worksheet>', `<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" ${X14}><x14:dataValidations count="1"><x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1"><x14:formula1><xm:f>填报说明!$A$1:$A$2</xm:f></x14:formula1><xm:sqref>E4:E100</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>`)
    : ledger;
  const book = extras
    ? workbook
        .replace('<workbookPr/>', '<workbookPr/><workbookProtection workbookPassword="CC1A" lockStructure="1"/>')
        .replace('<calcPr', '<externalReferences><externalReference r:id="rId6"/></externalReferences><calcPr')
    : workbook;
  const external = [
    part('xl/externalLinks/externalLink1.xml', `${HEAD}<externalLink ${NS}><externalBook r:id="rId1"><sheetNames><sheetName val="汇总"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>5</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>`),
    part('xl/externalLinks/_rels/externalLink1.xml.rels', rels('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///D:/台账/市级汇总.xlsx" TargetMode="External"/>')),
  ];
  return writeZip([
    part('[Content_Types].xml', extras ? contentTypes.replace('</Types>', '<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>') : contentTypes),
    part('_rels/.rels', rels(
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>',
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>',
      '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>',
    )),
    part('docProps/core.xml', core),
    part('docProps/app.xml', app),
    part('xl/workbook.xml', book),
    part('xl/_rels/workbook.xml.rels', rels(
      rel('rId1', 'worksheet', 'worksheets/sheet1.xml'),
      rel('rId2', 'worksheet', 'worksheets/sheet2.xml'),
      rel('rId3', 'theme', 'theme/theme1.xml'),
      rel('rId4', 'styles', 'styles.xml'),
      rel('rId5', 'sharedStrings', 'sharedStrings.xml'),
      ...(extras ? [rel('rId6', 'externalLink', 'externalLinks/externalLink1.xml')] : []),
    )),
    part('xl/worksheets/sheet1.xml', sheet),
    part('xl/worksheets/_rels/sheet1.xml.rels', rels(rel('rId1', 'hyperlink', 'https://example.gov.cn/p/1', true))),
    part('xl/worksheets/sheet2.xml', instructions),
    part('xl/theme/theme1.xml', theme),
    part('xl/styles.xml', styles),
    part('xl/sharedStrings.xml', sharedStrings),
    ...(extras ? external : []),
  ]);
}
