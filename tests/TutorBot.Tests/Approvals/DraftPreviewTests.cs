using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using SkiaSharp;
using TutorBot.Calendar;
using TutorBot.Features.Approvals;

namespace TutorBot.Tests.Approvals;

/// <summary>The decision card's image thumbnail and the draft links, as pure functions (no HTTP, no storage).</summary>
[TestClass]
public sealed class DraftPreviewTests
{
    [TestMethod]
    public void ALargePhotoBecomesAJpegThumbnailWithinTheCardBudget()
    {
        var photo = Picture(3000, 2000, SKEncodedImageFormat.Jpeg);

        var uri = DraftPreview.ImageDataUri(photo, 24_000);

        Assert.IsNotNull(uri);
        Assert.StartsWith("data:image/jpeg;base64,", uri);
        Assert.IsLessThanOrEqualTo(24_000, uri.Length);
        using var thumbnail = SKBitmap.Decode(Convert.FromBase64String(uri["data:image/jpeg;base64,".Length..]));
        Assert.AreEqual(480, thumbnail.Width);
        Assert.AreEqual(320, thumbnail.Height);

        // The picture is still there: its left half is red, its right half blue.
        Assert.IsGreaterThan(200, (int)thumbnail.GetPixel(60, 160).Red);
        Assert.IsGreaterThan(200, (int)thumbnail.GetPixel(420, 160).Blue);
    }

    [TestMethod]
    public void ASmallTransparentPngIsNotEnlargedAndLiesOnWhite()
    {
        var png = Picture(200, 100, SKEncodedImageFormat.Png, transparentRight: true);

        var uri = DraftPreview.ImageDataUri(png, 24_000)!;

        using var thumbnail = SKBitmap.Decode(Convert.FromBase64String(uri["data:image/jpeg;base64,".Length..]));
        Assert.AreEqual(200, thumbnail.Width);
        Assert.AreEqual(100, thumbnail.Height);
        var white = thumbnail.GetPixel(180, 50);
        Assert.IsTrue(white.Red > 240 && white.Green > 240 && white.Blue > 240, white.ToString());
    }

    [TestMethod]
    public void AThumbnailThatCannotFitTheBudgetIsNoPreview()
    {
        var noisy = Picture(1200, 1200, SKEncodedImageFormat.Jpeg, noise: true);

        Assert.IsNotNull(DraftPreview.ImageDataUri(noisy, 30_000), "fits once smaller and coarser");
        Assert.IsNull(DraftPreview.ImageDataUri(noisy, 600), "no thumbnail of a noisy picture fits 600 characters");
    }

    [TestMethod]
    public void BytesThatAreNoImageOrAnImageOfAbsurdSizeGetNoPreview()
    {
        Assert.IsNull(DraftPreview.ImageDataUri("%PDF-1.7 not an image"u8.ToArray(), 24_000));
        Assert.IsNull(DraftPreview.ImageDataUri([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], 24_000));

        // A PNG whose header claims 100,000 x 100,000 pixels is refused before any pixel is decoded.
        Assert.IsNull(DraftPreview.ImageDataUri(HugeHeaderPng(100_000, 100_000), 24_000));
    }

    [TestMethod]
    public void TheThumbnailKeepsTheProportionsAndNeverEnlarges()
    {
        Assert.AreEqual((480, 320), DraftPreview.Fit(3000, 2000, 480));
        Assert.AreEqual((180, 480), DraftPreview.Fit(600, 1600, 480));
        Assert.AreEqual((100, 50), DraftPreview.Fit(100, 50, 480));
    }

    [TestMethod]
    public void ADraftLinkNamesItsRequestAndPersonAndStopsWhenTamperedWithOrExpired()
    {
        var clock = new MovableClock(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var links = new DraftLinks(
            new EphemeralDataProtectionProvider(),
            Options.Create(new ApprovalOptions { DraftLinkLifetime = TimeSpan.FromDays(4) }),
            Options.Create(new CalendarOptions { PublicBaseUrl = new Uri("https://bot.example") }),
            clock);

        var link = links.Create("ups", "r1", "o|ups", "sonia");
        StringAssert.StartsWith(link.ToString(), "https://bot.example/bat/draft/");
        var token = link.AbsolutePath["/bat/draft/".Length..];
        Assert.AreEqual(("ups", "r1", "o|ups", "sonia"), links.Read(token));

        Assert.IsNull(links.Read(token[..^2] + (token[^2] == 'A' ? "BB" : "AA")), "a changed token");
        Assert.IsNull(links.Read("not-a-token"));

        clock.Now += TimeSpan.FromDays(4) + TimeSpan.FromSeconds(1);
        Assert.IsNull(links.Read(token), "an expired link");
    }

    internal static byte[] Picture(int width, int height, SKEncodedImageFormat format, bool transparentRight = false, bool noise = false)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var red = new SKPaint { Color = SKColors.Red };
            using var blue = new SKPaint { Color = transparentRight ? SKColors.Transparent : SKColors.Blue, BlendMode = SKBlendMode.Src };
            canvas.DrawRect(0, 0, width / 2f, height, red);
            canvas.DrawRect(width / 2f, 0, width / 2f, height, blue);
        }

        if (noise)
        {
            var random = new Random(7);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
                }
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>A valid PNG signature and IHDR naming a huge size, with one tiny IDAT: what a decompression bomb starts with.</summary>
    private static byte[] HugeHeaderPng(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8;
        header[9] = 2;
        TutorBot.Tests.Partners.PartnersKit.Chunk(output, "IHDR", header);
        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(new byte[16]);
        }

        TutorBot.Tests.Partners.PartnersKit.Chunk(output, "IDAT", pixels.ToArray());
        TutorBot.Tests.Partners.PartnersKit.Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
