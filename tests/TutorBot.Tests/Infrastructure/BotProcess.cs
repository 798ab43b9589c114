using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TutorBot.Tests.Infrastructure;

/// <summary>
/// The built bot (<c>bot/bin/{Debug|Release}/net10.0/TutorBot.Bot</c>) as a child process on loopback, configured by
/// environment variables only, as App Service runs it: its own storage prefix on Azurite, the issuer stand-in over
/// HTTPS for its connector token (the production <c>ClientSecret</c> credential of Azure.Identity, trusting only the
/// loopback certificate), the connector stand-in allow-listed. <see cref="Kill"/> is <c>kill -9</c>: no graceful stop,
/// no outcome recorded, leases left to run out. The peak working set is sampled while it lives.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly CancellationTokenSource _sampling = new();
    private readonly Task _sampler;
    private long _peakBytes;

    private BotProcess(Process process, string name, int port, string log)
    {
        _process = process;
        Name = name;
        Port = port;
        LogPath = log;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _sampler = SampleAsync(_sampling.Token);
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The highest resident set seen (VmHWM, the kernel's own high-water mark), in bytes.</summary>
    public long PeakWorkingSetBytes => Interlocked.Read(ref _peakBytes);

    /// <summary>The repository root (holding TutorBot.sln), found from the test assembly's folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TutorBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TutorBot.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The newest built bot (Release or Debug).</summary>
    public static string BuiltBot()
    {
        var root = RepositoryRoot();
        var built = new[] { "Release", "Debug" }
            .Select(c => Path.Combine(root, "bot", "bin", c, "net10.0", "TutorBot.Bot.dll"))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
        return built ?? throw new InvalidOperationException("The bot is not built: dotnet build bot");
    }

    /// <summary>A free loopback port (the kernel's pick, released at once).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The settings every instance of one run shares: the stand-ins, the storage prefix, the bot's identity.
    /// <paramref name="more"/> adds or overrides (e.g. <c>Delivery:Lease</c>); keys use ':' and become <c>__</c>.
    /// </summary>
    public static Dictionary<string, string> Settings(TokenIssuerStandIn issuer, string connectorServiceUrl, string tablePrefix, IReadOnlyDictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Bot:AppId"] = BotApplication.AppId,
            ["Bot:TenantId"] = BotApplication.BotTenant,
            ["Bot:Auth:BotFrameworkMetadataUrl"] = issuer.BotFrameworkMetadataUrl,
            ["Bot:Auth:EntraAuthority"] = issuer.BaseUrl,
            ["Bot:Auth:AllowAnonymousLoopback"] = "false",
            ["Bot:Connector:Credential"] = "ClientSecret",
            ["Bot:Connector:ClientId"] = TokenIssuerStandIn.ClientId,
            ["Bot:Connector:TenantId"] = BotApplication.BotTenant,
            ["Bot:Connector:ClientSecret"] = TokenIssuerStandIn.ClientSecret,
            ["Bot:Connector:AuthorityHost"] = issuer.BaseUrl + "/",
            ["Bot:Connector:DisableInstanceDiscovery"] = "true",
            ["Bot:Connector:AllowedServiceUrls:0"] = connectorServiceUrl,
            ["Storage:ConnectionString"] = BotApplication.StorageConnection,
            ["Storage:TablePrefix"] = tablePrefix,
            ["Calendar:Mode"] = "Local",
            ["Demo:Seed"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Starts an instance on a free port and waits until <c>/readyz</c> answers 200.</summary>
    public static async Task<BotProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, TimeSpan? timeout = null)
    {
        var port = FreePort();
        var dll = BuiltBot();
        var log = Path.Combine(Path.GetTempPath(), $"tutorbot-{name}-{port}.log");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // Trust the loopback issuer's certificate only: the child talks to nothing else over TLS.
        info.Environment["SSL_CERT_FILE"] = LoopbackCertificate.PemPath;
        info.Environment["SSL_CERT_DIR"] = Path.GetTempPath() + "tutorbot-no-ca-dir";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(writer, e.Data);
        process.ErrorDataReceived += (_, e) => Write(writer, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bot = new BotProcess(process, name, port, log);
        try
        {
            await bot.WaitReadyAsync(timeout ?? TimeSpan.FromSeconds(60));
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }

        return bot;
    }

    /// <summary><c>kill -9</c> (SIGKILL): the process ends between two instructions, whatever it was doing.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>The last lines of the instance's output, for a failure message.</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var all = new StreamReader(stream).ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _sampling.CancelAsync();
        try
        {
            await _sampler;
        }
        catch (OperationCanceledException)
        {
        }

        _process.Dispose();
        _sampling.Dispose();
    }

    private static void Write(StreamWriter writer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (writer)
        {
            writer.WriteLine(line);
        }
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"bot {Name} exited with {_process.ExitCode}:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync("readyz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"bot {Name} not ready after {timeout.TotalSeconds:0} s:\n{Tail()}");
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var line in await File.ReadAllLinesAsync($"/proc/{_process.Id}/status", cancellationToken))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                        && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
                    {
                        var bytes = kb * 1024;
                        long seen;
                        while ((seen = Interlocked.Read(ref _peakBytes)) < bytes && Interlocked.CompareExchange(ref _peakBytes, bytes, seen) != seen)
                        {
                        }
                    }
                }
            }
            catch (IOException)
            {
                // Exited between two samples: the last one stands.
            }
            catch (UnauthorizedAccessException)
            {
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
