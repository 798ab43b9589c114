using SkiaSharp;

namespace TutorBot.Features.Approvals;

/// <summary>
/// The decision card's preview of an image draft (PNG or JPEG): a downscaled JPEG thumbnail as a data URI, small
/// enough to ride inside the card (Teams refuses a bot message over about 100 KB; the card keeps under 80 KB). The
/// image is decoded at a reduced scale where the codec allows it (JPEG: 1/2, 1/4, 1/8), so a large photo never
/// costs its full size in memory; one over <see cref="MaxPixels"/> or that does not decode gets no preview (the card
/// then offers to open the file). Pure: tested without HTTP.
/// </summary>
public static class DraftPreview
{
    /// <summary>Largest source image considered (40 megapixels): beyond, a crafted header could ask for gigabytes.</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>Longest side of the thumbnail, tried in this order until the data URI fits.</summary>
    private static readonly int[] Sides = [480, 360, 240, 160];

    private const string Prefix = "data:image/jpeg;base64,";

    /// <summary>The thumbnail as a <c>data:image/jpeg;base64,…</c> URI of at most <paramref name="maxChars"/> characters, or null.</summary>
    public static string? ImageDataUri(byte[] content, int maxChars)
    {
        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0 || (long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return null;
        }

        foreach (var side in Sides)
        {
            foreach (var quality in (int[])[70, 50])
            {
                if (Thumbnail(codec, side, quality) is not { } jpeg)
                {
                    return null;
                }

                var base64Chars = (jpeg.Length + 2) / 3 * 4;
                if (Prefix.Length + base64Chars <= maxChars)
                {
                    return Prefix + Convert.ToBase64String(jpeg);
                }
            }
        }

        return null;
    }

    /// <summary>The thumbnail's size for an image of <paramref name="width"/> x <paramref name="height"/> within <paramref name="side"/> (never enlarged).</summary>
    public static (int Width, int Height) Fit(int width, int height, int side)
    {
        var scale = Math.Min(1.0, (double)side / Math.Max(width, height));
        return (Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    private static byte[]? Thumbnail(SKCodec codec, int side, int quality)
    {
        var (width, height) = Fit(codec.Info.Width, codec.Info.Height, side);
        var decoded = codec.GetScaledDimensions((float)width / codec.Info.Width);
        if (decoded.Width < width || decoded.Height < height)
        {
            decoded = codec.Info.Size;
        }

        using var source = new SKBitmap(new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(source.Info, source.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            return null;
        }

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        if (surface is null)
        {
            return null;
        }

        // A transparent PNG is laid on white, as it would print; JPEG has no alpha.
        surface.Canvas.Clear(SKColors.White);
        using (var image = SKImage.FromBitmap(source))
        {
            surface.Canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
        }

        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, quality);
        return encoded?.ToArray();
    }
}
