using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using TutorBot.Features.Partners;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Roster;

namespace TutorBot.Tests.Partners;

/// <summary>
/// The app with the roster's sign-in, three correspondents imported through <c>/api/roster/import</c> (UPS, the
/// Académie d'Aix-Marseille, a company party to no agreement) and helpers for the partner and add-in routes.
/// </summary>
public sealed class PartnersKit : IAsyncDisposable
{
    public const string UpsLogin = "sonia.najid@ups.example";
    public const string AcademieLogin = "anne.recteur@ac-aix-marseille.example";
    public const string CompanyLogin = "sophie.lambert@demo-energie.example";
    public const string UpsAgreement = "ups-passeport-avenir-2016";
    public const string AixAgreement = "aix-marseille-passeport-avenir";
    public const string Association = "passeport-avenir";

    private PartnersKit(RosterKit roster) => Roster = roster;

    public RosterKit Roster { get; }

    public StandIns S => Roster.S;

    public static async Task<PartnersKit> StartAsync(Dictionary<string, string?>? overrides = null)
    {
        var kit = new PartnersKit(await RosterKit.StartAsync(overrides));
        var job = await kit.Roster.ImportAndWaitAsync(RosterKit.Csv(
            "type;prenom;nom;upn_email;entreprise",
            $"correspondant;Sonia;Najid;{UpsLogin};UPS",
            $"correspondant;Anne;Recteur;{AcademieLogin};Academie Aix Marseille",
            $"correspondant;Sophie;Lambert;{CompanyLogin};Énergies Demo SA"));
        Assert.AreEqual("done", job.GetProperty("state").GetString(), job.ToString());
        return kit;
    }

    public string Token(string login) => Roster.Token(login);

    public string Coordinator => Roster.CoordinatorToken;

    public Task<HttpResponseMessage> GetAsync(string path, string? token, string language = "fr") =>
        Roster.SendAsync(new HttpRequestMessage(HttpMethod.Get, path), token, language);

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body, string? token) =>
        Roster.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(body) }, token);

    public Task<HttpResponseMessage> UploadAsync(string organisationId, byte[] file, string fileName, string contentType, string token, string language = "fr")
    {
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var form = new MultipartFormDataContent { { part, "file", fileName } };
        return Roster.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/partners/organisations/{organisationId}/logos") { Content = form }, token, language);
    }

    public TableClient Table => S.App.Table(PartnersKeys.Table);

    public BlobContainerClient Logos => new BlobServiceClient(BotApplication.StorageConnection).GetBlobContainerClient(S.App.TablePrefix.ToLowerInvariant() + PartnersKeys.LogoContainer);

    public async Task<List<string>> BlobNamesAsync()
    {
        var names = new List<string>();
        await foreach (var blob in Logos.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Text(string key, string language, params object[] args) =>
        PartnersStrings.Get(key, System.Globalization.CultureInfo.GetCultureInfo(language), args);

    /// <summary>A 401 or 403 answered as RFC 7807 problem details.</summary>
    public static async Task AssertProblemAsync(HttpStatusCode expected, HttpResponseMessage response, string because)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(expected, response.StatusCode, because + ": " + body);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, because + ": " + body);
        Assert.AreEqual((int)expected, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32(), because);
    }

    /// <summary>A real PNG (IHDR, one IDAT of zlib-compressed grey scanlines, IEND), <paramref name="padding"/> bytes of tEXt to grow it.</summary>
    public static byte[] Png(int width, int height, int padding = 0, byte shade = 0x80)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8; // bit depth; colour type 0 (grey), deflate, no filter, no interlace
        Chunk(output, "IHDR", header);
        if (padding > 0)
        {
            Chunk(output, "tEXt", [.. "Comment\0"u8.ToArray(), .. Enumerable.Repeat((byte)'x', padding)]);
        }

        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[width + 1];
            Array.Fill(row, shade, 1, width);
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        Chunk(output, "IDAT", pixels.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    public static byte[] Svg(string inner, string attributes = "width=\"120\" height=\"40\"") =>
        Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" {attributes}>{inner}</svg>");

    public ValueTask DisposeAsync() => Roster.DisposeAsync();

    internal static void Chunk(Stream output, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        output.Write(length);
        byte[] typed = [.. Encoding.ASCII.GetBytes(type), .. data];
        output.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        output.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
