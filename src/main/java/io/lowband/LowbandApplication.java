package io.lowband;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LowbandApplication {

	public static void main(String[] args) {
		SpringApplication.run(LowbandApplication.class, args);
	}

}
