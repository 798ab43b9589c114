using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Xml;

namespace TutorBot.Features.Partners;

/// <summary>What a logo file turned out to be, or why it is refused (<see cref="Refusal"/> names a resource key).</summary>
public sealed record LogoCheckResult(string? ContentType, int Width, int Height, string? Refusal)
{
    public bool Accepted => Refusal is null;

    public static LogoCheckResult Refuse(string code) => new(null, 0, 0, code);
}

/// <summary>
/// Pure checks of an uploaded logo, by content only: a PNG (signature, IHDR first, IEND last) or a well-formed SVG
/// whose root is <c>&lt;svg&gt;</c> with nothing that runs or fetches: no script, no event attribute, no
/// foreignObject, no reference outside the file (only <c>#id</c> and <c>data:image/</c>), no DOCTYPE or entity,
/// no processing instruction, no <c>url()</c> or <c>@import</c> to elsewhere in styles. Then size and dimensions.
/// </summary>
public static class LogoCheck
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] PngEnd = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    public static LogoCheckResult Check(ReadOnlySpan<byte> content, PartnersOptions limits, string? declaredType = null, string? fileName = null)
    {
        if (content.Length == 0)
        {
            return LogoCheckResult.Refuse("Logo_Empty");
        }

        if (content.Length > limits.LogoMaxBytes)
        {
            return LogoCheckResult.Refuse("Logo_TooLarge");
        }

        var result = content.StartsWith(PngSignature) ? Png(content) : Svg(content);
        if (!result.Accepted)
        {
            return result;
        }

        if (!Declared(declaredType, fileName, result.ContentType!))
        {
            return LogoCheckResult.Refuse("Logo_Disguised");
        }

        return result.Width > limits.LogoMaxWidth || result.Height > limits.LogoMaxHeight ? LogoCheckResult.Refuse("Logo_TooWide") : result;
    }

    /// <summary>What the upload claims (part content type, file extension) must not contradict what it is.</summary>
    private static bool Declared(string? declaredType, string? fileName, string actual)
    {
        var type = declaredType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is { Length: > 0 } and not "application/octet-stream" && type != actual)
        {
            return false;
        }

        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        return extension switch
        {
            "" => true,
            ".png" => actual == LogoTypes.Png,
            ".svg" => actual == LogoTypes.Svg,
            _ => false,
        };
    }

    public static LogoCheckResult Png(ReadOnlySpan<byte> content)
    {
        // Signature, then IHDR as the first chunk (length 13): width and height big-endian; IEND closes the file.
        if (content.Length < PngSignature.Length + 25 + PngEnd.Length
            || !content.StartsWith(PngSignature)
            || BinaryPrimitives.ReadUInt32BigEndian(content[8..]) != 13
            || !content[12..16].SequenceEqual("IHDR"u8)
            || !content.EndsWith(PngEnd))
        {
            return LogoCheckResult.Refuse("Logo_NotAnImage");
        }

        var width = BinaryPrimitives.ReadUInt32BigEndian(content[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(content[20..]);
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            return LogoCheckResult.Refuse("Logo_NotAnImage");
        }

        return new LogoCheckResult(LogoTypes.Png, (int)width, (int)height, null);
    }

    public static LogoCheckResult Svg(ReadOnlySpan<byte> content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return LogoCheckResult.Refuse("Logo_NotAnImage");
        }

        if (text.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || text.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase))
        {
            return LogoCheckResult.Refuse("Logo_SvgDoctype");
        }

        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, MaxCharactersInDocument = content.Length + 1L };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text.TrimStart('\uFEFF')), settings);
            string? refusal = null;
            (int Width, int Height)? size = null;
            var root = true;
            while (refusal is null && reader.Read())
            {
                if (reader.NodeType == XmlNodeType.ProcessingInstruction)
                {
                    refusal = "Logo_SvgExternal";
                }
                else if (reader.NodeType == XmlNodeType.Element)
                {
                    if (root && reader.LocalName != "svg")
                    {
                        return LogoCheckResult.Refuse("Logo_NotAnImage");
                    }

                    refusal = Element(reader);
                    if (root)
                    {
                        size = Size(reader);
                        root = false;
                    }
                }
                else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA && ExternalInStyle(reader.Value))
                {
                    refusal = "Logo_SvgExternal";
                }
            }

            return refusal is not null ? LogoCheckResult.Refuse(refusal)
                : root ? LogoCheckResult.Refuse("Logo_NotAnImage")
                : size is { } s ? (s.Width <= 0 || s.Height <= 0 ? LogoCheckResult.Refuse("Logo_NotAnImage") : new LogoCheckResult(LogoTypes.Svg, s.Width, s.Height, null))
                : new LogoCheckResult(LogoTypes.Svg, 0, 0, null);
        }
        catch (XmlException)
        {
            return LogoCheckResult.Refuse("Logo_NotAnImage");
        }
    }

    private static string? Element(XmlReader reader)
    {
        if (reader.LocalName.Equals("script", StringComparison.OrdinalIgnoreCase))
        {
            return "Logo_SvgScript";
        }

        if (reader.LocalName.Equals("foreignObject", StringComparison.OrdinalIgnoreCase))
        {
            return "Logo_SvgForeignObject";
        }

        for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
        {
            var name = reader.LocalName;
            var value = reader.Value.Trim();
            if (name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
            {
                return "Logo_SvgScript";
            }

            if ((name.Equals("href", StringComparison.OrdinalIgnoreCase) && !value.StartsWith('#') && !value.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase))
                || ExternalInStyle(value))
            {
                return "Logo_SvgExternal";
            }
        }

        reader.MoveToElement();
        return null;
    }

    /// <summary><c>url(...)</c> anywhere but to an id of the file, or <c>@import</c>, in a style attribute or element.</summary>
    private static bool ExternalInStyle(string value)
    {
        if (value.Contains("@import", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        for (var at = value.IndexOf("url(", StringComparison.OrdinalIgnoreCase); at >= 0; at = value.IndexOf("url(", at + 4, StringComparison.OrdinalIgnoreCase))
        {
            var target = value[(at + 4)..].TrimStart(' ', '\t', '\n', '\r', '"', '\'');
            if (!target.StartsWith('#'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The root's <c>width</c>/<c>height</c> in pixels (unitless or px), else its view box; null when neither says.</summary>
    private static (int, int)? Size(XmlReader reader)
    {
        var width = Pixels(reader.GetAttribute("width"));
        var height = Pixels(reader.GetAttribute("height"));
        if (width is not null && height is not null)
        {
            return (width.Value, height.Value);
        }

        var box = reader.GetAttribute("viewBox")?.Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (box is { Length: 4 } && double.TryParse(box[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && double.TryParse(box[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var h))
        {
            return (Clamp(w), Clamp(h));
        }

        return null;
    }

    private static int? Pixels(string? value)
    {
        var v = value?.Trim();
        if (v is null || v.EndsWith('%'))
        {
            return null;
        }

        v = v.EndsWith("px", StringComparison.OrdinalIgnoreCase) ? v[..^2] : v;
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? Clamp(d) : null;
    }

    private static int Clamp(double value) => value >= int.MaxValue ? int.MaxValue : (int)Math.Ceiling(value);
}
