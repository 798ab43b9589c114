using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs.Models;
using TutorBot.Storage;

namespace TutorBot.Features.Approvals;

/// <summary>
/// The draft a BAT request carries (its HTML, or an image or PDF of the support), judged by its content, never by a
/// declared type; stored under its SHA-256 with a conditional create, so the approved content can never change.
/// </summary>
public sealed partial class BatDrafts(Blobs blobs)
{
    public const string Html = "text/html";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Pdf = "application/pdf";

    /// <summary>The type the bytes are, or null when they are none of the four (or HTML that is not UTF-8 text).</summary>
    public static string? Sniff(byte[] content)
    {
        ReadOnlySpan<byte> c = content;
        if (c.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (c.StartsWith((byte[])[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (c.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (c.Length == 0 || c.Contains((byte)0))
        {
            return null;
        }

        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
            return text.Contains('<', StringComparison.Ordinal) && text.Contains('>', StringComparison.Ordinal) ? Html : null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    public static string HashOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string BlobName(string hash, string contentType) => hash + contentType switch
    {
        Png => ".png",
        Jpeg => ".jpg",
        Pdf => ".pdf",
        _ => ".html",
    };

    /// <summary>Stores the draft unless that content is there already (never overwritten).</summary>
    public async Task StoreAsync(string hash, string contentType, byte[] content, CancellationToken cancellationToken)
    {
        var blob = blobs[ApprovalStore.DraftContainer].GetBlobClient(BlobName(hash, contentType));
        try
        {
            await blob.UploadAsync(
                new BinaryData(content),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType }, Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // The same content (same hash) is stored already.
        }
    }

    public async Task<byte[]?> ReadAsync(string hash, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            var result = await blobs[ApprovalStore.DraftContainer].GetBlobClient(BlobName(hash, contentType)).DownloadContentAsync(cancellationToken);
            return result.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The words of an HTML draft for the decision card's preview: no markup, no script or style, at most <paramref name="max"/> characters.</summary>
    public static string Excerpt(byte[] html, int max = 400)
    {
        var text = Encoding.UTF8.GetString(html);
        text = Hidden().Replace(text, " ");
        text = Tags().Replace(text, " ");
        text = WebUtility.HtmlDecode(text);
        text = Spaces().Replace(text, " ").Trim();
        return text.Length <= max ? text : text[..max].TrimEnd() + "…";
    }

    [GeneratedRegex("<(script|style|head)[^>]*>.*?</\\1\\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();
}
