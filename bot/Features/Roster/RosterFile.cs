using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using MiniExcelLibs;
using nietras.SeparatedValues;

namespace TutorBot.Features.Roster;

/// <summary>A problem of an imported file, by line and column; <see cref="Code"/> names a RosterStrings entry.</summary>
public sealed record RosterProblem(int Line, string? Column, string Code, params string[] Args);

/// <summary>One line of the file: its number and its cells by canonical column name.</summary>
public sealed record RawRow(int Line, IReadOnlyDictionary<string, string> Cells);

/// <summary>The file as read: its header (canonical name → label as written) and lines, or why it is refused.</summary>
public sealed record RawFile(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<RawRow> Rows, RosterProblem? Refusal)
{
    public static RawFile Refused(RosterProblem problem) => new(new Dictionary<string, string>(), [], problem);
}

/// <summary>
/// Reads a roster file without trusting its name: XLSX is recognised by its content (a zip holding
/// <c>[Content_Types].xml</c>), anything else must be UTF-8 text (with or without BOM) separated by <c>;</c> or
/// <c>,</c> as French Excel writes it. Formulas are refused, in XLSX cells and in CSV cells that look like one.
/// </summary>
public static class RosterFile
{
    /// <summary>Header labels accepted, French first, folded (no accents, case or punctuation), per canonical column.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["type"] = "type",
        ["prenom"] = "prenom", ["firstname"] = "prenom",
        ["nom"] = "nom", ["lastname"] = "nom", ["name"] = "nom",
        ["upnemail"] = "login", ["upn"] = "login", ["email"] = "login", ["courriel"] = "login", ["login"] = "login",
        ["uai"] = "uai",
        ["academie"] = "academie", ["academy"] = "academie",
        ["ville"] = "ville", ["city"] = "ville",
        ["educationprioritaire"] = "priorite", ["priority"] = "priorite",
        ["typeslycee"] = "types", ["schooltypes"] = "types",
        ["cpge"] = "cpge",
        ["entreprise"] = "entreprise", ["company"] = "entreprise",
        ["classe"] = "classe", ["class"] = "classe",
        ["niveau"] = "niveau", ["level"] = "niveau",
        ["filiere"] = "filiere", ["stream"] = "filiere",
        ["genre"] = "genre", ["gender"] = "genre",
        ["boursier"] = "boursier", ["scholarship"] = "boursier",
        ["origine"] = "origine", ["origin"] = "origine",
        ["eloignement"] = "eloignement", ["farfrombusiness"] = "eloignement",
        ["langue"] = "langue", ["language"] = "langue",
        ["tuteur"] = "tuteur", ["tutor"] = "tuteur",
        ["forme"] = "forme", ["trained"] = "forme",
        ["capacite"] = "capacite", ["capacity"] = "capacite",
    };

    public static RawFile Read(ReadOnlySpan<byte> content, long maxBytes)
    {
        if (content.Length > maxBytes)
        {
            return RawFile.Refused(new RosterProblem(0, null, "TooLarge", (maxBytes / 1024).ToString(CultureInfo.InvariantCulture)));
        }

        if (content.Length == 0)
        {
            return RawFile.Refused(new RosterProblem(0, null, "Empty"));
        }

        return content.StartsWith("PK\u0003\u0004"u8) ? ReadXlsx(content.ToArray()) : ReadCsv(content);
    }

    private static RawFile ReadCsv(ReadOnlySpan<byte> content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content.StartsWith("\uFEFF"u8) ? content[3..] : content);
        }
        catch (DecoderFallbackException)
        {
            return RawFile.Refused(new RosterProblem(0, null, "WrongType"));
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return RawFile.Refused(new RosterProblem(0, null, "WrongType"));
        }

        var firstLine = text.AsSpan(0, text.IndexOfAny(['\r', '\n']) is var i and >= 0 ? i : text.Length);
        var separator = firstLine.Count(';') >= firstLine.Count(',') ? ';' : ',';
        using var reader = Sep.New(separator).Reader(o => o with { Unescape = true, DisableColCountCheck = true, Trim = SepTrim.Outer }).FromText(text);
        var header = reader.Header.ColNames.ToList();
        var rows = new List<string[]>();
        var lines = new List<int>();
        foreach (var row in reader)
        {
            var cells = new string[header.Count];
            for (var c = 0; c < header.Count && c < row.ColCount; c++)
            {
                cells[c] = row[c].ToString();
            }

            rows.Add(cells);
            lines.Add(row.LineNumberFrom);
        }

        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < header.Count; c++)
            {
                if (LooksLikeFormula(rows[r][c]))
                {
                    return RawFile.Refused(new RosterProblem(lines[r], header[c], "Formula"));
                }
            }
        }

        return Build(header, rows, lines);
    }

    /// <summary>OWASP's CSV injection rule: a cell starting with = or @, or with + or - before something other than a number.</summary>
    public static bool LooksLikeFormula(string? cell)
    {
        if (string.IsNullOrEmpty(cell))
        {
            return false;
        }

        return cell[0] switch
        {
            '=' or '@' => true,
            '+' or '-' => cell.Length > 1 && !double.TryParse(cell.AsSpan(1), NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            _ => false,
        };
    }

    private static RawFile ReadXlsx(byte[] content)
    {
        try
        {
            using (var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read))
            {
                if (zip.GetEntry("[Content_Types].xml") is null)
                {
                    return RawFile.Refused(new RosterProblem(0, null, "WrongType"));
                }

                foreach (var sheet in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
                {
                    if (FirstFormulaCell(sheet) is { } cell)
                    {
                        var digits = cell.IndexOfAny("0123456789".ToCharArray());
                        return RawFile.Refused(new RosterProblem(int.Parse(cell[digits..], CultureInfo.InvariantCulture), cell[..digits], "Formula"));
                    }
                }
            }

            var sheetRows = MiniExcel.Query(new MemoryStream(content), useHeaderRow: false, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>()
                .ToList();
            if (sheetRows.Count == 0)
            {
                return RawFile.Refused(new RosterProblem(0, null, "Empty"));
            }

            var letters = sheetRows[0].Keys.ToList();
            var header = letters.Select(l => Text(sheetRows[0][l])).ToList();
            var rows = sheetRows.Skip(1).Select(r => letters.Select(l => r.TryGetValue(l, out var v) ? Text(v) : "").ToArray()).ToList();
            return Build(header, rows, [.. Enumerable.Range(2, rows.Count)]);
        }
        catch (Exception ex) when (ex is InvalidDataException or XmlException or InvalidOperationException or NotSupportedException)
        {
            return RawFile.Refused(new RosterProblem(0, null, "WrongType"));
        }
    }

    private static string? FirstFormulaCell(ZipArchiveEntry sheet)
    {
        using var stream = sheet.Open();
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        string? cell = null;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "c")
            {
                cell = xml.GetAttribute("r");
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "f")
            {
                return cell ?? "A1";
            }
        }

        return null;
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        double d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "oui" : "non",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static RawFile Build(List<string> header, List<string[]> rows, IReadOnlyList<int> lines)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var columns = new string?[header.Count];
        for (var c = 0; c < header.Count; c++)
        {
            if (Aliases.TryGetValue(RosterKeys.FoldName(header[c]), out var canonical) && !labels.ContainsKey(canonical))
            {
                labels[canonical] = header[c];
                columns[c] = canonical;
            }
        }

        if (!labels.ContainsKey("type"))
        {
            return RawFile.Refused(new RosterProblem(1, "type", "MissingColumn", "type"));
        }

        var result = new List<RawRow>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < header.Count; c++)
            {
                if (columns[c] is { } name && !string.IsNullOrWhiteSpace(rows[r][c]))
                {
                    cells[name] = rows[r][c].Trim();
                }
            }

            if (cells.Count > 0)
            {
                result.Add(new RawRow(lines[r], cells));
            }
        }

        return new RawFile(labels, result, null);
    }
}
