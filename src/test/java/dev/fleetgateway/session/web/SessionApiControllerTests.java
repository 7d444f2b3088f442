package dev.fleetgateway.session.web;

import dev.fleetgateway.session.DialException;
import dev.fleetgateway.session.ModuleSession;
import dev.fleetgateway.system.FleetException;
import dev.fleetgateway.session.RecvResult;
import dev.fleetgateway.session.SendException;
import dev.fleetgateway.session.SendTimer;
import dev.fleetgateway.session.SessionDialer;
import dev.fleetgateway.session.SessionQueries;



import dev.fleetgateway.usocket.Errno;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Every error case of the session API as a problem detail, with the services mocked. */
@WebMvcTest(SessionApiController.class)
@Import({SessionReads.class, ClientWatch.class, SendTimer.class, SessionApiControllerTests.Meters.class, dev.fleetgateway.support.OpenSliceSecurity.class})
@org.springframework.boot.context.properties.EnableConfigurationProperties(dev.fleetgateway.system.ApiProperties.class)
class SessionApiControllerTests {

    static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    /** Web slices have no meter registry; the send timer needs one. */
    @org.springframework.boot.test.context.TestConfiguration
    static class Meters {
        @org.springframework.context.annotation.Bean
        io.micrometer.core.instrument.MeterRegistry meterRegistry() {
            return new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SessionQueries queries;

    @MockitoBean
    SessionDialer dialer;

    ModuleSession session() {
        ModuleSession s = mock(ModuleSession.class);
        given(s.id()).willReturn("s1");
        given(queries.require("s1")).willReturn(s);
        return s;
    }

    MvcResult async(org.springframework.test.web.servlet.RequestBuilder rb) throws Exception {
        return mvc.perform(rb).andExpect(request().asyncStarted()).andReturn();
    }

    @Test
    void unknownSessionIsNotFound() throws Exception {
        given(queries.require("nope")).willThrow(SessionQueries.sessionNotFound("nope"));
        mvc.perform(post("/api/v1/sessions/nope/send").contentType(MediaType.APPLICATION_JSON).content("{\"data\":\"x\"}"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.title").value("Session not found"));
    }

    @Test
    void badHexBase64AndEncodingNamesAreBadRequests() throws Exception {
        session();
        mvc.perform(post("/api/v1/sessions/s1/send").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"data\":\"abc\",\"encoding\":\"hex\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.title").value("Invalid hex data"));
        mvc.perform(post("/api/v1/sessions/s1/send").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"data\":\"@@@\",\"encoding\":\"base64\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.title").value("Invalid base64 data"));
        mvc.perform(post("/api/v1/sessions/s1/send").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"data\":\"x\",\"encoding\":\"ebcdic\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("text, hex or base64")));
        mvc.perform(post("/api/v1/sessions/s1/send").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("data"));
    }

    @Test
    void oversizePayloadIsContentTooLarge() throws Exception {
        session();
        mvc.perform(post("/api/v1/sessions/s1/send").contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(new byte[1024 * 1024 + 1]))
                .andExpect(status().is(413)).andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.title").value("Payload too large"));
    }

    @Test
    void wrongMediaTypeAndMalformedJson() throws Exception {
        mvc.perform(post("/api/v1/sessions/s1/send").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType()).andExpect(content().contentTypeCompatibleWith(PROBLEM));
        mvc.perform(post("/api/v1/sessions/s1/send").contentType(MediaType.APPLICATION_JSON).content("{\"data\":"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.title").value("Malformed request body"));
    }

    @Test
    void sendToClosedSessionIsConflictWithErrno() throws Exception {
        ModuleSession s = session();
        given(s.send(any())).willReturn(CompletableFuture.failedFuture(
                new SendException(SendException.Failure.NOT_OPEN, Errno.ENOTCONN, "Session s1 is closed")));
        MvcResult r = async(post("/api/v1/sessions/s1/send").contentType(MediaType.APPLICATION_JSON).content("{\"data\":\"x\"}"));
        mvc.perform(asyncDispatch(r)).andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.errno").value(107)).andExpect(jsonPath("$.errnoName").value("ENOTCONN"));
    }

    @Test
    void moduleNotReadingIsServiceUnavailable() throws Exception {
        ModuleSession s = session();
        given(s.send(any())).willReturn(CompletableFuture.failedFuture(
                new SendException(SendException.Failure.NOT_READING, null, "The module is not reading")));
        MvcResult r = async(post("/api/v1/sessions/s1/send").contentType(MediaType.APPLICATION_JSON).content("{\"data\":\"x\"}"));
        mvc.perform(asyncDispatch(r)).andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.title").value("Module not reading"));
    }

    @Test
    void sendNotFlushedInTimeIsAcceptedAsPendingNotAnError() throws Exception {
        ModuleSession s = session();
        given(s.send(any())).willReturn(CompletableFuture.failedFuture(new SendException(
                SendException.Failure.TIMEOUT, Errno.ETIMEDOUT, "Send not flushed", new CompletableFuture<>())));
        MvcResult r = async(post("/api/v1/sessions/s1/send").contentType(MediaType.APPLICATION_JSON)
                .content("{\"data\":\"12345\"}"));
        mvc.perform(asyncDispatch(r)).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.state").value("PENDING")).andExpect(jsonPath("$.pending").value(5));
    }

    @Test
    void sendAnswersTheByteCount() throws Exception {
        ModuleSession s = session();
        given(s.send(any())).willReturn(CompletableFuture.completedFuture(12));
        MvcResult r = async(post("/api/v1/sessions/s1/send").contentType(MediaType.APPLICATION_JSON)
                .content("{\"data\":\"1234567890\\r\\n\"}"));
        mvc.perform(asyncDispatch(r)).andExpect(status().isOk()).andExpect(jsonPath("$.sent").value(12));
    }

    @Test
    void badRecvParametersAreBadRequests() throws Exception {
        session();
        mvc.perform(get("/api/v1/sessions/s1/recv?max=0")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/sessions/s1/recv?timeout=-1s")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("timeout"));
        mvc.perform(get("/api/v1/sessions/s1/recv?timeout=1h")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/sessions/s1/messages?limit=5000")).andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/sessions/s1/messages?after=abc")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("after"));
    }

    @Test
    void recvTimeoutIsRequestTimeoutWithErrno110() throws Exception {
        ModuleSession s = session();
        given(s.recv(anyInt(), anyLong())).willReturn(CompletableFuture.completedFuture(
                new RecvResult(null, RecvResult.Outcome.TIMEOUT)));
        MvcResult r = async(get("/api/v1/sessions/s1/recv?timeout=1s"));
        mvc.perform(asyncDispatch(r)).andExpect(status().isRequestTimeout())
                .andExpect(jsonPath("$.errno").value(110)).andExpect(jsonPath("$.errnoName").value("ETIMEDOUT"));
    }

    @Test
    void tooManyWaitingReadersIsTooManyRequests() throws Exception {
        ModuleSession s = session();
        given(s.recv(anyInt(), anyLong())).willReturn(CompletableFuture.failedFuture(new FleetException(FleetException.Kind.TOO_MANY, "too-many-readers", "Too many readers", "at most 256")));
        MvcResult r = async(get("/api/v1/sessions/s1/recv?timeout=1s"));
        mvc.perform(asyncDispatch(r)).andExpect(status().isTooManyRequests());
    }

    @Test
    void binaryDataAskedAsTextIsAConflict() throws Exception {
        ModuleSession s = session();
        given(s.recv(anyInt(), anyLong())).willReturn(CompletableFuture.completedFuture(
                new RecvResult(new byte[] {(byte) 0xFF, 0}, RecvResult.Outcome.DATA)));
        MvcResult r = async(get("/api/v1/sessions/s1/recv?encoding=text"));
        mvc.perform(asyncDispatch(r)).andExpect(status().isConflict()).andExpect(jsonPath("$.title").value("Data is not UTF-8 text"));
    }

    @Test
    void dialFailureIsBadGatewayWithErrno() throws Exception {
        given(dialer.dial(any())).willReturn(CompletableFuture.failedFuture(
                new DialException(DialException.Reason.CONNECT, Errno.EHOSTUNREACH, "connect to h:1 failed: EHOSTUNREACH")));
        MvcResult r = async(post("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON).content("{\"host\":\"h\",\"port\":1}"));
        mvc.perform(asyncDispatch(r)).andExpect(status().isBadGateway())
                .andExpect(jsonPath("$.errno").value(113)).andExpect(jsonPath("$.stage").value("connect"));
    }

    @Test
    void invalidOpenRequestNamesTheFields() throws Exception {
        mvc.perform(post("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON).content("{\"port\":0}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'host')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'port')]").exists());
        mvc.perform(post("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"host\":\"h\",\"port\":1,\"connectTimeout\":\"soon\"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value(containsString("connectTimeout")));
    }
}
