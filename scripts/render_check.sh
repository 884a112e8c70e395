#!/usr/bin/env bash
# Prove a commented .docx is Word-compatible by opening it in LibreOffice headless:
# convert it to PDF (comments exported as PDF annotations) and render page N to PNG.
#   scripts/render_check.sh OUT.docx [PAGE] [OUTDIR]
# Prints the PDF and PNG paths.  Needs soffice (libreoffice-writer-nogui) and pdftoppm (poppler-utils);
# Chinese text needs a CJK font (e.g. fonts-wqy-zenhei or fonts-noto-cjk), otherwise it renders as boxes.
set -euo pipefail
docx=${1:?usage: render_check.sh OUT.docx [PAGE] [OUTDIR]}
page=${2:-1}
outdir=${3:-$(mktemp -d)}
command -v soffice >/dev/null || { echo "soffice not found (apt-get install libreoffice-writer-nogui)" >&2; exit 2; }
command -v pdftoppm >/dev/null || { echo "pdftoppm not found (apt-get install poppler-utils)" >&2; exit 2; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice --headless --norestore "-env:UserInstallation=file://$profile" \
  --convert-to 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}' \
  --outdir "$outdir" "$docx" >/dev/null 2>&1
pdf="$outdir/$(basename "${docx%.*}").pdf"
[ -s "$pdf" ] || { echo "LibreOffice produced no PDF for $docx" >&2; exit 1; }
pdftoppm -png -r 80 -f "$page" -l "$page" -singlefile "$pdf" "$outdir/page" 2>/dev/null
echo "$pdf"
echo "$outdir/page.png"
